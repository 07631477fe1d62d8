/**
 * Sample operators built only on Capstan's public API, each deployable as a container.
 * Arrive with the samples issue; this package is their home.
 */
package dev.capstan.samples;
