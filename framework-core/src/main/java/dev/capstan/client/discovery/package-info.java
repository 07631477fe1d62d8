/**
 * Discovery: which API groups, versions and resources the API server serves, and the REST
 * mapper that turns a kind ({@code apps/v1 Deployment}) or a kubectl-style name
 * ({@code deploy}, {@code deployments.apps}) into the resource to call and its scope.
 *
 * <p>The entry point is {@link dev.capstan.client.discovery.DiscoveryClient#create}; build a
 * {@link dev.capstan.client.discovery.RestMapper} on top of it with
 * {@link dev.capstan.client.discovery.RestMapper#create}. Both are thread-safe and share one
 * in-memory cache of the server's discovery documents, refreshed when a lookup misses (at most
 * once per {@link dev.capstan.client.discovery.DiscoveryOptions#refreshOnMissInterval()}).
 *
 * <p>See docs/discovery-and-scale.md.
 */
@NullMarked
package dev.capstan.client.discovery;

import org.jspecify.annotations.NullMarked;
