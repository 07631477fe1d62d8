/**
 * Where a client finds its API server and credentials. The entry point is
 * {@link dev.capstan.client.config.ClientConfig}: {@link dev.capstan.client.config.ClientConfig#load()}
 * finds the configuration the way kubectl does (the {@code KUBECONFIG} files merged, else
 * {@code ~/.kube/config}, else the pod's service account), and
 * {@link dev.capstan.client.config.ClientConfig#fromKubeconfig},
 * {@link dev.capstan.client.config.ClientConfig#inCluster()} and
 * {@link dev.capstan.client.config.ClientConfig#builder()} choose one source explicitly.
 *
 * <p>A {@link dev.capstan.client.config.ClientConfig} is an immutable value: the server, the
 * namespace, {@link dev.capstan.client.config.TlsSettings}, a proxy, and a
 * {@link dev.capstan.client.config.CredentialProvider} that yields the current
 * {@link dev.capstan.client.config.Credentials} (a static token or certificate, a token file that
 * is re-read as it rotates, or an exec credential plugin whose output is cached until it
 * expires). The transport asks the provider before each request and calls
 * {@link dev.capstan.client.config.CredentialProvider#invalidate()} after an HTTP 401.
 *
 * <h2>Secrets</h2> Tokens, private keys and the output of exec plugins never appear in an
 * exception message, a {@code toString()} or a log line of this package. Errors are
 * {@link dev.capstan.client.config.ClientConfigException}s that name the file, the field and the
 * entry (context, cluster or user) at fault, and say what to fix.
 *
 * <p>The format and the search order are described in docs/client-configuration.md.
 */
@NullMarked
package dev.capstan.client.config;

import org.jspecify.annotations.NullMarked;
