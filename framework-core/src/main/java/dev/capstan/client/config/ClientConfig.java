package dev.capstan.client.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a client needs to reach one API server: where it is, how to trust it, who to be, and
 * the namespace to default to. An immutable value; the {@link #credentials} provider inside it
 * is the only part that changes over time (tokens rotate, exec credentials expire).
 *
 * <h2>Where it comes from</h2>
 * <ul>
 *   <li>{@link #load()}: what kubectl would use. The files named by {@code KUBECONFIG} (merged),
 *       else {@code ~/.kube/config}, else the pod's service account, else an error listing what
 *       was tried.
 *   <li>{@link #fromKubeconfig(KubeconfigOptions)}: kubeconfig files, with a chosen file list or
 *       context.
 *   <li>{@link #inCluster()}: the service account of the pod this runs in.
 *   <li>{@link #builder()}: explicit values, for tests and embedded use.
 * </ul>
 * Loading reads every referenced file and validates keys and certificates at once, so a broken
 * configuration fails here, with a {@link ClientConfigException} naming the file and field, and
 * not on the first request. Exec plugins are the exception: they run on the first request.
 *
 * <pre>{@code
 * ClientConfig config = ClientConfig.load();
 * ClientConfig prod = ClientConfig.fromKubeconfig(KubeconfigOptions.defaults().withContext("prod"));
 * ClientConfig local = ClientConfig.builder().server("https://127.0.0.1:6443")
 *         .certificateAuthorityFile(Path.of("ca.crt")).token(token).build();
 * }</pre>
 *
 * @param server the API server's base URL; may carry a path prefix (e.g. behind a proxy)
 * @param namespace the namespace of the context (or pod); {@value #DEFAULT_NAMESPACE} if none is set
 * @param tls how to verify the server
 * @param credentials yields the credentials for each request
 * @param proxy an http(s) proxy to tunnel through with CONNECT; null for a direct connection
 * @param description where this configuration came from, for error messages ("kubeconfig
 *     /home/u/.kube/config, context 'kind-dev'", "in-cluster ..."); never holds a secret
 */
public record ClientConfig(URI server, String namespace, TlsSettings tls, CredentialProvider credentials, @Nullable URI proxy,
        String description) {

    public static final String DEFAULT_NAMESPACE = "default";

    public ClientConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(description, "description");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
    }

    /**
     * Finds the configuration as kubectl does: {@code KUBECONFIG} (its files merged), else
     * {@code ~/.kube/config}, else in-cluster (when {@code KUBERNETES_SERVICE_HOST} is set).
     *
     * @throws ClientConfigException if none is available (the message lists what was tried) or
     *     the one found is unusable
     */
    public static ClientConfig load() {
        return Discovery.load(Environment.system(), Clock.systemUTC());
    }

    /**
     * Reads kubeconfig files.
     *
     * @throws ClientConfigException if a file is missing or malformed, the context, its cluster or
     *     its user is not defined, or a referenced key or certificate cannot be used
     */
    public static ClientConfig fromKubeconfig(KubeconfigOptions options) {
        Objects.requireNonNull(options, "options");
        return new KubeconfigLoader(Environment.system(), Clock.systemUTC()).load(options);
    }

    /**
     * The pod's service account: the token, {@code ca.crt} and {@code namespace} under
     * {@code /var/run/secrets/kubernetes.io/serviceaccount}, and the server from
     * {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT}. The token file is re-read
     * as the kubelet rotates it. The namespace is {@code POD_NAMESPACE} if set, else the
     * {@code namespace} file.
     *
     * @throws ClientConfigException if not in a pod (the variables are unset) or the token is missing
     */
    public static ClientConfig inCluster() {
        return InClusterLoader.load(Environment.system(), Clock.systemUTC());
    }

    /**
     * The in-cluster configuration from an explicit directory and address, to run outside a pod
     * (tests, or a sidecar that mounts the token elsewhere). IPv6 hosts need no brackets.
     */
    public static ClientConfig inCluster(Path serviceAccountDirectory, String host, int port) {
        Objects.requireNonNull(serviceAccountDirectory, "serviceAccountDirectory");
        Objects.requireNonNull(host, "host");
        return InClusterLoader.load(serviceAccountDirectory, host, Integer.toString(port), null, Clock.systemUTC());
    }

    /** Starts an explicit configuration. */
    public static Builder builder() {
        return new Builder();
    }

    /** A copy that defaults to another namespace. */
    public ClientConfig withNamespace(String namespace) {
        return new ClientConfig(server, namespace, tls, credentials, proxy, description);
    }

    /** Safe to log: no secrets, and a proxy's user information is redacted. */
    @Override
    public String toString() {
        return "ClientConfig[server=" + server + ", namespace=" + namespace + ", tls=" + tls + ", credentials=" + credentials
                + (proxy == null ? "" : ", proxy=" + Urls.printable(proxy)) + ", description=" + description + "]";
    }

    /**
     * An explicit configuration. Sugar over the record's constructor that also reads files,
     * validates and normalizes PEM (keys become PKCS#8), and builds token-file and exec providers.
     * Set at most one credential source; problems are reported by {@link #build()}.
     *
     * <p>Not thread-safe; each call returns this builder.
     */
    public static final class Builder {

        private @Nullable String server;
        private String namespace = DEFAULT_NAMESPACE;
        private @Nullable String certificateAuthorityPem;
        private @Nullable Path certificateAuthorityFile;
        private boolean insecureSkipTlsVerify;
        private @Nullable String tlsServerName;
        private @Nullable String proxy;
        private @Nullable String description;
        private @Nullable String token;
        private @Nullable Path tokenFile;
        private @Nullable String certificatePem;
        private @Nullable String keyPem;
        private @Nullable Path certificateFile;
        private @Nullable Path keyFile;
        private @Nullable ExecPlugin exec;
        private @Nullable CredentialProvider provider;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** Required: {@code https://host:port}, optionally with a path prefix; no scheme means https. */
        public Builder server(String server) {
            this.server = Objects.requireNonNull(server, "server");
            return this;
        }

        public Builder server(URI server) {
            return server(server.toString());
        }

        /** Default {@value ClientConfig#DEFAULT_NAMESPACE}. */
        public Builder namespace(String namespace) {
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            return this;
        }

        /** The CA bundle that signs the server's certificate, as PEM. Default: the JVM trust store. */
        public Builder certificateAuthorityPem(String pem) {
            this.certificateAuthorityPem = Objects.requireNonNull(pem, "pem");
            return this;
        }

        /** The CA bundle, read from a PEM file now. */
        public Builder certificateAuthorityFile(Path file) {
            this.certificateAuthorityFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Accept any server certificate; development only, and never together with a CA. */
        public Builder insecureSkipTlsVerify(boolean insecure) {
            this.insecureSkipTlsVerify = insecure;
            return this;
        }

        /** Verify the server's certificate against this name instead of the URL's host. */
        public Builder tlsServerName(@Nullable String serverName) {
            this.tlsServerName = serverName;
            return this;
        }

        /** An http(s) proxy for CONNECT tunnels. */
        public Builder proxy(@Nullable String proxyUrl) {
            this.proxy = proxyUrl;
            return this;
        }

        /** Overrides the description used in error messages; must not contain secrets. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** A static bearer token. */
        public Builder token(String token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /** A bearer token read from a file, re-read at most once a minute and after a 401. */
        public Builder tokenFile(Path file) {
            this.tokenFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** A client certificate (chain) and its key, as PEM; the key may be PKCS#1, SEC1 or PKCS#8. */
        public Builder clientCertificate(String certificatePem, String privateKeyPem) {
            this.certificatePem = Objects.requireNonNull(certificatePem, "certificatePem");
            this.keyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
            return this;
        }

        /** A client certificate and key read from PEM files now. */
        public Builder clientCertificateFiles(Path certificateFile, Path privateKeyFile) {
            this.certificateFile = Objects.requireNonNull(certificateFile, "certificateFile");
            this.keyFile = Objects.requireNonNull(privateKeyFile, "privateKeyFile");
            return this;
        }

        /** An exec credential plugin, run on first use and again when its credential expires or after a 401. */
        public Builder exec(ExecPlugin plugin) {
            this.exec = Objects.requireNonNull(plugin, "plugin");
            return this;
        }

        /** Any credential provider (for example {@link CredentialProvider#of}). */
        public Builder credentials(CredentialProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** For tests: the clock that token-file refreshes and exec expiry are measured with. */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ClientConfigException if the server is missing, more than one credential source
         *     or both a CA and insecure mode were set, or a file, key or certificate is unusable
         */
        public ClientConfig build() {
            if (server == null) {
                throw new ClientConfigException("ClientConfig.builder(): server is required");
            }
            URI serverUri = Urls.server(server, "ClientConfig.builder() server");
            if (certificateAuthorityPem != null && certificateAuthorityFile != null) {
                throw new ClientConfigException("ClientConfig.builder(): set certificateAuthorityPem or certificateAuthorityFile, not both");
            }
            String ca = certificateAuthorityPem != null
                    ? Pem.normalizeCertificates(certificateAuthorityPem, "ClientConfig.builder() certificateAuthorityPem")
                    : certificateAuthorityFile != null
                            ? Pem.normalizeCertificates(readFile(certificateAuthorityFile, "certificateAuthorityFile"),
                                    "certificateAuthorityFile " + certificateAuthorityFile)
                            : null;
            if (ca != null && insecureSkipTlsVerify) {
                throw new ClientConfigException("ClientConfig.builder(): a certificate authority and insecureSkipTlsVerify exclude each other");
            }
            TlsSettings tls = new TlsSettings(ca, insecureSkipTlsVerify, tlsServerName);
            URI proxyUri = proxy == null || proxy.isBlank() ? null : Urls.proxy(proxy, "ClientConfig.builder() proxy");
            String describedAs = description != null ? description : "explicit configuration for " + serverUri;
            return new ClientConfig(serverUri, namespace, tls, credentials(serverUri, tls, proxyUri), proxyUri, describedAs);
        }

        private CredentialProvider credentials(URI serverUri, TlsSettings tls, @Nullable URI proxyUri) {
            List<String> sources = new ArrayList<>();
            if (token != null) {
                sources.add("token");
            }
            if (tokenFile != null) {
                sources.add("tokenFile");
            }
            if (certificatePem != null) {
                sources.add("clientCertificate");
            }
            if (certificateFile != null) {
                sources.add("clientCertificateFiles");
            }
            if (exec != null) {
                sources.add("exec");
            }
            if (provider != null) {
                sources.add("credentials");
            }
            if (sources.size() > 1) {
                throw new ClientConfigException("ClientConfig.builder(): set one credential source, not " + String.join(" and ", sources));
            }
            if (token != null) {
                return CredentialProvider.of(new Credentials.BearerToken(token.strip()));
            }
            if (tokenFile != null) {
                return new FileTokenProvider(tokenFile, "ClientConfig.builder() tokenFile", clock);
            }
            if (certificatePem != null && keyPem != null) {
                return CredentialProvider.of(PrivateKeys.clientCertificate(certificatePem, "ClientConfig.builder() client certificate",
                        keyPem, "ClientConfig.builder() client key"));
            }
            if (certificateFile != null && keyFile != null) {
                return CredentialProvider.of(PrivateKeys.clientCertificate(readFile(certificateFile, "client certificate file"),
                        "client certificate file " + certificateFile, readFile(keyFile, "client key file"), "client key file " + keyFile));
            }
            if (exec != null) {
                return new ExecCredentialProvider(exec, "ClientConfig.builder()",
                        new ExecCredentialProvider.ClusterInfo(serverUri, tls, proxyUri, null), clock);
            }
            return provider != null ? provider : CredentialProvider.none();
        }
    }

    /** Reads a small text file, with an error naming it and what pointed to it. */
    static String readFile(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ClientConfigException(what + ": " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new ClientConfigException(what + ": " + file + " is not text; PEM is expected (convert DER with openssl)");
        } catch (IOException | SecurityException e) {
            throw new ClientConfigException(what + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
