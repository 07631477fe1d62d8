/**
 * Build-time generation of Capstan's Kubernetes model from OpenAPI v3 documents. The entry
 * point is {@link dev.capstan.codegen.ModelGenerator}, which framework-core's build runs on
 * every build; nothing it writes is committed.
 */
package dev.capstan.codegen;
