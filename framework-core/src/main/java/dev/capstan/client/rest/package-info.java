/**
 * The REST layer: requests to the API server with authentication, client-side rate limiting,
 * retries and typed errors, over one Reactor Netty connection pool. The entry point is
 * {@link dev.capstan.client.rest.RestClient}; most code uses the typed and dynamic faces of
 * {@link dev.capstan.client.KubernetesClient} instead.
 */
package dev.capstan.client.rest;
