package dev.capstan.client.config;

import org.jspecify.annotations.Nullable;

/**
 * How the client verifies the API server's certificate.
 *
 * @param certificateAuthorityPem the CA bundle that signs the server's certificate, as PEM
 *     {@code CERTIFICATE} blocks (already validated and re-encoded by the loader); {@code null} to
 *     trust the JVM's default trust store
 * @param insecureSkipTlsVerify accept any server certificate (kubeconfig
 *     {@code insecure-skip-tls-verify}); never together with a CA
 * @param serverName the name to send as SNI and to check the server's certificate against instead
 *     of the host of the server URL (kubeconfig {@code tls-server-name}); {@code null} for the host
 */
public record TlsSettings(@Nullable String certificateAuthorityPem, boolean insecureSkipTlsVerify, @Nullable String serverName) {

    private static final TlsSettings DEFAULTS = new TlsSettings(null, false, null);

    public TlsSettings {
        if (insecureSkipTlsVerify && certificateAuthorityPem != null) {
            throw new IllegalArgumentException("a certificate authority and insecureSkipTlsVerify exclude each other");
        }
        if (serverName != null && serverName.isBlank()) {
            serverName = null;
        }
    }

    /** Verify the server against the JVM's default trust store and the URL's host. */
    public static TlsSettings defaults() {
        return DEFAULTS;
    }

    /** Trust only the given CA bundle (PEM). */
    public static TlsSettings trusting(String certificateAuthorityPem) {
        return new TlsSettings(Pem.normalizeCertificates(certificateAuthorityPem, "the certificate authority"), false, null);
    }

    /** Accept any server certificate. For development clusters only. */
    public static TlsSettings insecure() {
        return new TlsSettings(null, true, null);
    }

    /** A copy that checks the server's certificate against {@code serverName}. */
    public TlsSettings withServerName(@Nullable String serverName) {
        return new TlsSettings(certificateAuthorityPem, insecureSkipTlsVerify, serverName);
    }

    /** Summarizes the CA instead of printing it. */
    @Override
    public String toString() {
        String ca = certificateAuthorityPem == null ? "default trust store" : Pem.countCertificates(certificateAuthorityPem) + " certificate(s)";
        return "TlsSettings[certificateAuthority=" + ca + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify
                + (serverName == null ? "" : ", serverName=" + serverName) + "]";
    }
}
