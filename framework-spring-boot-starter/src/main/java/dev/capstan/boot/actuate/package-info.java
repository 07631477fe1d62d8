/**
 * Actuator integration of the starter: the {@code capstan} health indicator (for the readiness
 * group) and the {@code /actuator/capstan} endpoint. Active only when Spring Boot's health and
 * actuator modules are on the classpath. Entry points: {@link dev.capstan.boot.actuate.CapstanHealthIndicator},
 * {@link dev.capstan.boot.actuate.CapstanEndpoint}.
 */
@NullMarked
package dev.capstan.boot.actuate;

import org.jspecify.annotations.NullMarked;
