/**
 * The tenant operator: the cluster-scoped {@link dev.capstan.samples.tenant.TenantNamespace}
 * resource, {@link dev.capstan.samples.tenant.TenantReconciler} (finalizer, server-side apply,
 * conditions, a custom index mapping namespace events), and the Spring Boot application
 * {@link dev.capstan.samples.tenant.TenantOperatorApplication} (entry point).
 */
package dev.capstan.samples.tenant;
