/**
 * Sample operators built only on Capstan's public API, each a Spring Boot application deployable
 * as a container (docs/samples.md, docs/deploy.md).
 *
 * <ul>
 *   <li>{@link dev.capstan.samples.samplecontroller.SampleControllerApplication}: Kubernetes'
 *       canonical sample-controller ({@code Foo} → an owned Deployment).</li>
 *   <li>{@link dev.capstan.samples.tenant.TenantOperatorApplication}: a platform team's tenant
 *       operator ({@code TenantNamespace} → a namespace with quota, RBAC and network policy;
 *       finalizer, server-side apply, conditions, a custom index).</li>
 * </ul>
 * {@link dev.capstan.samples.Conditions} is the small status-condition helper both use.
 */
package dev.capstan.samples;
