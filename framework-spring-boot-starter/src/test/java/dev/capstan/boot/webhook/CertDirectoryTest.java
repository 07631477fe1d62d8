package dev.capstan.boot.webhook;

import static dev.capstan.boot.webhook.AdmissionWebhookAutoConfigurationTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;

/** Loading and reloading the certificate directory; the reload check is called directly, never waited for. */
class CertDirectoryTest {
    @TempDir
    Path dir;

    private final DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
    private final List<SslBundle> updates = new CopyOnWriteArrayList<>();

    private CertDirectory registered() {
        CertDirectory certificates = new CertDirectory(dir, "webhook", true, Duration.ofHours(1));
        certificates.registerBundles(registry);
        registry.addBundleUpdateHandler("webhook", updates::add);
        return certificates;
    }

    private static String subject(SslBundle bundle) throws Exception {
        KeyStore store = bundle.getStores().getKeyStore();
        String alias = store.aliases().nextElement();
        return ((X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName();
    }

    @Test
    void registersTheDirectorysCertificate() throws Exception {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        registered();

        assertThat(subject(registry.getBundle("webhook"))).isEqualTo("CN=capstan-webhook-test-a");
        assertThat(registry.getBundle("webhook").getStores().getTrustStore()).isNull();
    }

    @Test
    void caCertificateBecomesTheTrustStore() throws Exception {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        Files.writeString(dir.resolve("ca.crt"), TestCertificates.B_CERTIFICATE);
        registered();

        assertThat(registry.getBundle("webhook").getStores().getTrustStore().size()).isEqualTo(1);
    }

    @Test
    void unchangedFilesAreNotReloaded() throws IOException {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        CertDirectory certificates = registered();

        assertThat(certificates.checkForUpdate()).isFalse();
        assertThat(updates).isEmpty();
    }

    @Test
    void renewedCertificateReplacesTheBundle() throws Exception {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        CertDirectory certificates = registered();

        write(dir, TestCertificates.B_CERTIFICATE, TestCertificates.B_KEY);

        assertThat(certificates.checkForUpdate()).isTrue();
        assertThat(updates).singleElement().satisfies(bundle -> assertThat(subject(bundle)).isEqualTo("CN=capstan-webhook-test-b"));
        assertThat(certificates.checkForUpdate()).isFalse();
    }

    @Test
    void halfWrittenUpdateKeepsTheCurrentCertificateUntilItIsComplete() throws Exception {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        CertDirectory certificates = registered();

        write(dir, TestCertificates.B_CERTIFICATE, TestCertificates.A_KEY);   // new certificate, old key
        assertThat(certificates.checkForUpdate()).isFalse();
        assertThat(certificates.checkForUpdate()).isFalse();
        Files.delete(dir.resolve("tls.key"));
        assertThat(certificates.checkForUpdate()).isFalse();
        assertThat(updates).isEmpty();
        assertThat(subject(registry.getBundle("webhook"))).isEqualTo("CN=capstan-webhook-test-a");

        write(dir, TestCertificates.B_CERTIFICATE, TestCertificates.B_KEY);
        assertThat(certificates.checkForUpdate()).isTrue();
        assertThat(subject(registry.getBundle("webhook"))).isEqualTo("CN=capstan-webhook-test-b");
    }

    @Test
    void kubeletStyleSymlinkSwapIsSeen() throws Exception {
        // The kubelet mounts a Secret as tls.crt -> ..data/tls.crt, ..data -> ..<timestamp>, and
        // updates it by pointing ..data at a new timestamped directory.
        Path first = Files.createDirectory(dir.resolve("..2026_01_01"));
        write(first, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(dir.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Files.createSymbolicLink(dir.resolve("tls.key"), Path.of("..data/tls.key"));
        CertDirectory certificates = registered();

        Path second = Files.createDirectory(dir.resolve("..2026_02_01"));
        write(second, TestCertificates.B_CERTIFICATE, TestCertificates.B_KEY);
        Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(swap, dir.resolve("..data"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);

        assertThat(certificates.checkForUpdate()).isTrue();
        assertThat(subject(registry.getBundle("webhook"))).isEqualTo("CN=capstan-webhook-test-b");
    }

    @Test
    void startAndStopRunTheReloadThreadOnlyWhenReloadIsOn() throws IOException {
        write(dir, TestCertificates.A_CERTIFICATE, TestCertificates.A_KEY);
        CertDirectory on = new CertDirectory(dir, "on", true, Duration.ofHours(1));
        CertDirectory off = new CertDirectory(dir, "off", false, Duration.ofHours(1));

        on.start();
        off.start();
        assertThat(on.isRunning()).isTrue();
        assertThat(off.isRunning()).isFalse();
        on.stop();
        assertThat(on.isRunning()).isFalse();
    }
}
