package dev.capstan.boot.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.context.SmartLifecycle;

/**
 * The webhook server's certificate, read from a directory laid out like a cert-manager
 * Secret ({@code tls.crt}, {@code tls.key}, optional {@code ca.crt}) and registered as a Spring
 * Boot SSL bundle; while running, re-read when the files change.
 *
 * <h2>Implementation notes</h2>
 * <ul>
 *   <li>Change detection polls: every interval the three files are read and compared with the
 *       text last loaded. The kubelet updates a mounted Secret by swapping a {@code ..data}
 *       symlink, which file-system watches on the visible names do not reliably report, and
 *       reading three small files every few seconds costs nothing.</li>
 *   <li>A changed set of files is only installed if it loads: certificate and key parse, and
 *       the key signs something the certificate's public key verifies. A half-written update
 *       (a writer that does not swap atomically) or a mismatched pair is logged once and the
 *       server keeps serving the previous certificate; the next poll tries again.</li>
 *   <li>Installing is {@link SslBundleRegistry#updateBundle}: Spring Boot's Reactor Netty server
 *       listens for updates of its bundle and uses the new certificate for new connections.</li>
 * </ul>
 *
 * <h2>Thread safety</h2> {@link #registerBundles} runs once, on the thread creating the
 * context; {@link #checkForUpdate()} runs on the single reload thread (or a test's), and the
 * fields it writes are guarded by {@code this}.
 */
final class CertDirectory implements SslBundleRegistrar, SmartLifecycle {
    static final String CERTIFICATE = "tls.crt";
    static final String PRIVATE_KEY = "tls.key";
    static final String CA = "ca.crt";

    private static final Log LOG = LogFactory.getLog(CertDirectory.class);

    private final Path directory;
    private final String bundleName;
    private final boolean reload;
    private final Duration interval;

    /** Guarded by {@code this}: the registry the bundle lives in, set by {@link #registerBundles}. */
    private @Nullable SslBundleRegistry registry;
    /** Guarded by {@code this}: the files behind the bundle being served. */
    private @Nullable Files3 loaded;
    /** Guarded by {@code this}: the last files that failed to load, so each failure is logged once. */
    private @Nullable Files3 lastFailed;
    /** Guarded by {@code this}: the reload thread, while running. */
    private @Nullable ScheduledExecutorService executor;

    /** The text of the three files; {@code ca} null when absent. */
    private record Files3(String certificate, String privateKey, @Nullable String ca) {}

    CertDirectory(Path directory, String bundleName, boolean reload, Duration interval) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.bundleName = Objects.requireNonNull(bundleName, "bundleName");
        this.reload = reload;
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Registers the bundle.
     *
     * @throws IllegalStateException when the files are missing or unusable, naming the
     *     property, the file and the problem
     */
    @Override
    public synchronized void registerBundles(SslBundleRegistry registry) {
        Files3 files;
        SslBundle bundle;
        try {
            files = read();
            bundle = bundle(files);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("capstan.webhook.cert-dir=" + directory + ": " + describe(e), e);
        }
        registry.registerBundle(bundleName, bundle);
        this.registry = registry;
        this.loaded = files;
        LOG.info("Admission webhooks serve TLS with " + summary(files) + " from " + directory
                + (reload ? " (checked for updates every " + interval.toSeconds() + " s)" : ""));
    }

    /**
     * Reloads the bundle if the files changed and load. Returns whether a new certificate was
     * installed. Never throws: problems are logged.
     */
    synchronized boolean checkForUpdate() {
        SslBundleRegistry target = registry;
        if (target == null) {
            return false;
        }
        Files3 files;
        try {
            files = read();
        } catch (IOException | RuntimeException e) {
            logFailureOnce(null, e);
            return false;
        }
        if (files.equals(loaded) || files.equals(lastFailed)) {
            return false;
        }
        try {
            target.updateBundle(bundleName, bundle(files));
        } catch (GeneralSecurityException | RuntimeException e) {
            logFailureOnce(files, e);
            return false;
        }
        loaded = files;
        lastFailed = null;
        LOG.info("Admission webhooks reloaded their certificate from " + directory + ": now " + summary(files));
        return true;
    }

    private void logFailureOnce(@Nullable Files3 files, Exception e) {
        if (files == null || !files.equals(lastFailed)) {
            LOG.warn("Admission webhooks keep their current certificate: the files in " + directory
                    + " do not load (" + describe(e) + "); trying again in " + interval.toSeconds() + " s");
        }
        lastFailed = files;
    }

    private Files3 read() throws IOException {
        String certificate = readFile(CERTIFICATE);
        String privateKey = readFile(PRIVATE_KEY);
        Path ca = directory.resolve(CA);
        return new Files3(certificate, privateKey, Files.exists(ca) ? readFile(CA) : null);
    }

    private String readFile(String name) throws IOException {
        try {
            return Files.readString(directory.resolve(name), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(directory.resolve(name).toString(), null,
                    "missing; the directory must hold " + CERTIFICATE + " and " + PRIVATE_KEY
                            + " (a kubernetes.io/tls Secret, as cert-manager writes it, mounted as a volume)");
        }
    }

    /** Parses and checks the files, then builds the bundle with its key store loaded. */
    private static SslBundle bundle(Files3 files) throws GeneralSecurityException {
        List<X509Certificate> chain = certificates(files.certificate(), CERTIFICATE);
        PemContent keyPem = PemContent.of(files.privateKey());
        PrivateKey key = keyPem == null ? null : keyPem.getPrivateKey();
        if (key == null) {
            throw new GeneralSecurityException(PRIVATE_KEY + " holds no PEM private key");
        }
        checkKeyMatches(key, chain.get(0).getPublicKey());
        PemSslStore trust = files.ca() == null ? null : PemSslStore.of(certificates(files.ca(), CA), null);
        PemSslStoreBundle stores = new PemSslStoreBundle(PemSslStore.of(chain, key), trust);
        stores.getKeyStore(); // loads now, so that a bad file fails here rather than on the first handshake
        return SslBundle.of(stores);
    }

    private static List<X509Certificate> certificates(String text, String file) throws GeneralSecurityException {
        PemContent pem = PemContent.of(text);
        List<X509Certificate> certificates = pem == null ? List.of() : pem.getCertificates();
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM certificate");
        }
        return certificates;
    }

    /** Signs a challenge with the key and verifies it with the certificate's key. */
    private static void checkKeyMatches(PrivateKey key, PublicKey certificateKey) throws GeneralSecurityException {
        String algorithm = signatureAlgorithm(key.getAlgorithm());
        if (algorithm == null || !key.getAlgorithm().equals(certificateKey.getAlgorithm())) {
            if (algorithm != null) {
                throw new GeneralSecurityException(PRIVATE_KEY + " is a " + key.getAlgorithm() + " key but "
                        + CERTIFICATE + " certifies a " + certificateKey.getAlgorithm() + " key");
            }
            return; // an algorithm this check does not know: the TLS handshake will tell
        }
        byte[] challenge = "capstan-webhook-key-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificateKey);
        verifier.update(challenge);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException(PRIVATE_KEY + " is not the private key of the first certificate in "
                    + CERTIFICATE);
        }
    }

    private static @Nullable String signatureAlgorithm(String keyAlgorithm) {
        if (keyAlgorithm.equals("EC")) {
            return "SHA256withECDSA";
        }
        if (keyAlgorithm.equals("RSA")) {
            return "SHA256withRSA";
        }
        if (keyAlgorithm.equals("Ed25519") || keyAlgorithm.equals("EdDSA")) {
            return "Ed25519";
        }
        return null;
    }

    /** Subject and expiry of the serving certificate, for logs. */
    private static String summary(Files3 files) {
        try {
            X509Certificate leaf = certificates(files.certificate(), CERTIFICATE).get(0);
            Instant notAfter = leaf.getNotAfter().toInstant();
            return "certificate '" + leaf.getSubjectX500Principal().getName() + "' valid until " + notAfter
                    + (notAfter.isBefore(Instant.now()) ? " (EXPIRED: the API server will refuse it)" : "");
        } catch (GeneralSecurityException e) {
            return "a certificate";
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + " is " + missing.getReason();
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public synchronized void start() {
        if (!reload || executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "capstan-webhook-cert-reload");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        started.scheduleWithFixedDelay(this::checkForUpdate, millis, millis, TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
