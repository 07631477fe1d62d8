/**
 * Capstan's Spring Boot starter: auto-configuration that turns {@code @Controller} beans into
 * running controllers on shared informers. Thin by design: it only wires what framework-core
 * builds. Arrives with the starter issue; this package is its home.
 */
package dev.capstan.boot;
