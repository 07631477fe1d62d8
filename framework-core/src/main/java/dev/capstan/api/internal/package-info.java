/**
 * Helpers that generated model code needs across packages: immutable collection copies,
 * timestamp codecs, the managedFields filter. Not for use outside Capstan; they may change
 * in any release.
 */
package dev.capstan.api.internal;
