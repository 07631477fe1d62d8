package dev.capstan.client.rest;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies the server's certificate chain against the configured CA (or the JDK's trust store)
 * and its name against kubeconfig's {@code tls-server-name} instead of the URL's host.
 *
 * <h2>Implementation notes</h2> The JDK's own endpoint identification falls back to the
 * connection's host when the SNI name does not match, so it cannot enforce tls-server-name;
 * the transport turns it off for such clients and this checks the leaf certificate's subject
 * alternative names itself: DNS names case-insensitively, with a leading {@code *.} wildcard
 * matching exactly one label, as RFC 6125 and Go's crypto/tls do.
 */
final class ServerNameTrustManager extends X509ExtendedTrustManager {
    private static final int SAN_DNS = 2;

    private final X509TrustManager chain;
    private final String serverName;

    private ServerNameTrustManager(X509TrustManager chain, String serverName) {
        this.chain = chain;
        this.serverName = serverName.toLowerCase(Locale.ROOT);
    }

    /** A trust manager for {@code serverName}, trusting {@code caPem} or, when null, the JDK's defaults. */
    static TrustManager create(String caPem, String serverName) {
        try {
            KeyStore store = null;
            if (caPem != null) {
                store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (java.security.cert.Certificate ca : CertificateFactory.getInstance("X.509")
                        .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
                    store.setCertificateEntry("ca-" + i++, ca);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return new ServerNameTrustManager(x509, serverName);
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the certificate authority of the configuration cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
        if (!covers(certificates[0])) {
            throw new CertificateException("the server's certificate does not cover tls-server-name '" + serverName + "'");
        }
    }

    private boolean covers(X509Certificate leaf) throws CertificateParsingException {
        Collection<List<?>> names = leaf.getSubjectAlternativeNames();
        if (names == null) {
            return false;
        }
        for (List<?> name : names) {
            if (name.size() >= 2 && Integer.valueOf(SAN_DNS).equals(name.get(0)) && matches(String.valueOf(name.get(1)))) {
                return true;
            }
        }
        return false;
    }

    private boolean matches(String pattern) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.startsWith("*.")) {
            int dot = serverName.indexOf('.');
            return dot > 0 && serverName.substring(dot).equals(p.substring(1));
        }
        return p.equals(serverName);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client does not verify clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client does not verify clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        throw new CertificateException("a client does not verify clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }
}
