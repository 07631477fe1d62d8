package dev.capstan.client.config;

import java.util.Objects;

/**
 * What a request presents to prove who the client is: nothing, a bearer token, or a TLS client
 * certificate. A closed set; test it with {@code instanceof} patterns.
 *
 * <p>The {@code toString()} of every variant redacts the secret, so a {@code Credentials} may be
 * logged. The values are compared by content, which lets a transport notice that a rotated
 * certificate needs a new TLS context.
 */
public sealed interface Credentials permits Credentials.None, Credentials.BearerToken, Credentials.ClientCertificate {

    /** The shared anonymous value. */
    static Credentials none() {
        return None.INSTANCE;
    }

    /** Anonymous: no {@code Authorization} header and no client certificate. */
    record None() implements Credentials {
        static final None INSTANCE = new None();

        @Override
        public String toString() {
            return "Credentials.None";
        }
    }

    /**
     * Sent as {@code Authorization: Bearer <token>}.
     *
     * @param token the token, non-blank, without surrounding whitespace
     */
    record BearerToken(String token) implements Credentials {
        public BearerToken {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("a bearer token must not be blank");
            }
        }

        @Override
        public String toString() {
            return "BearerToken[token=<redacted>]";
        }
    }

    /**
     * A TLS client certificate and its key.
     *
     * @param certificatePem the certificate chain, leaf first, as PEM {@code CERTIFICATE} blocks
     * @param privateKeyPkcs8Pem the private key as one unencrypted PKCS#8 PEM block
     *     ({@code -----BEGIN PRIVATE KEY-----}); Capstan converts PKCS#1 RSA and SEC1 EC keys to
     *     this form when it loads them
     */
    record ClientCertificate(String certificatePem, String privateKeyPkcs8Pem) implements Credentials {
        public ClientCertificate {
            Objects.requireNonNull(certificatePem, "certificatePem");
            Objects.requireNonNull(privateKeyPkcs8Pem, "privateKeyPkcs8Pem");
        }

        @Override
        public String toString() {
            return "ClientCertificate[certificatePem=<" + certificatePem.length() + " chars>, privateKeyPkcs8Pem=<redacted>]";
        }
    }
}
