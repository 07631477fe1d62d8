package dev.capstan.testing;

import java.util.Objects;

/**
 * How to reach and authenticate to a test cluster, as PEM text and an optional bearer token.
 *
 * <p>{@link #toString()} never prints key material or tokens, so an instance may appear in
 * logs and assertion messages.
 *
 * @param certificateAuthorityPem the CA bundle that signed the server's certificate, or
 *     {@code null} when {@code insecureSkipTlsVerify} is set
 * @param clientCertificatePem a client certificate chain, or {@code null}
 * @param clientKeyPem the client certificate's private key (PKCS#8, PKCS#1 or SEC1 PEM), or
 *     {@code null}
 * @param bearerToken a bearer token, or {@code null}
 * @param insecureSkipTlsVerify whether the server's certificate is not verified (kubeconfig's
 *     {@code insecure-skip-tls-verify}); never set for the local control plane
 */
public record ClusterCredentials(
        String certificateAuthorityPem,
        String clientCertificatePem,
        String clientKeyPem,
        String bearerToken,
        boolean insecureSkipTlsVerify) {

    public ClusterCredentials {
        if ((clientCertificatePem == null) != (clientKeyPem == null)) {
            throw new IllegalArgumentException(
                    "a client certificate needs its key and a key its certificate; got only one of them");
        }
        if (certificateAuthorityPem == null && !insecureSkipTlsVerify) {
            throw new IllegalArgumentException(
                    "no certificate authority to verify the server with, and insecure-skip-tls-verify is not set");
        }
    }

    /** Client-certificate credentials, as the local control plane issues them. */
    public static ClusterCredentials clientCertificate(String caPem, String certificatePem, String keyPem) {
        return new ClusterCredentials(Objects.requireNonNull(caPem, "caPem"),
                Objects.requireNonNull(certificatePem, "certificatePem"),
                Objects.requireNonNull(keyPem, "keyPem"), null, false);
    }

    @Override
    public String toString() {
        return "ClusterCredentials[certificateAuthority=" + present(certificateAuthorityPem)
                + ", clientCertificate=" + present(clientCertificatePem)
                + ", clientKey=" + (clientKeyPem == null ? "absent" : "<redacted>")
                + ", bearerToken=" + (bearerToken == null ? "absent" : "<redacted>")
                + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify + "]";
    }

    private static String present(String value) {
        return value == null ? "absent" : "present";
    }
}
