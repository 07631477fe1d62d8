package dev.capstan.testing;

import io.netty.handler.codec.http.HttpMethod;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit Jupiter extension behind {@link KubernetesTest}: gives each test class the JVM's
 * shared cluster and a namespace of its own, and fails a test at once, with the reason, when
 * the local control plane died during the run.
 */
public final class KubernetesClusterExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KubernetesClusterExtension.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public void beforeAll(ExtensionContext context) {
        namespace(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SharedCluster.get().checkAlive();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestCluster.class || type == TestNamespace.class || type == LocalControlPlane.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == TestNamespace.class) {
            return namespace(context).namespace();
        }
        TestCluster cluster = SharedCluster.get();
        if (type == LocalControlPlane.class) {
            return cluster.localControlPlane().orElseThrow(() -> new ParameterResolutionException(
                    parameter.getDeclaringExecutable() + " needs the local control plane (capstan.test.cluster=local), "
                            + "but this run tests against " + cluster.description()));
        }
        return cluster;
    }

    /** The namespace of the test class owning {@code context}, created on first use. */
    private static OwnedNamespace namespace(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        String className = classContext.getRequiredTestClass().getSimpleName();
        return classContext.getStore(STORE).computeIfAbsent(OwnedNamespace.class,
                key -> OwnedNamespace.create(SharedCluster.get(), className), OwnedNamespace.class);
    }

    /** A namespace created for one test class; closing it (JUnit does, after the class) deletes it. */
    record OwnedNamespace(TestCluster cluster, TestNamespace namespace) implements AutoCloseable {
        static OwnedNamespace create(TestCluster cluster, String className) {
            String name = name(className);
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name
                    + "\",\"labels\":{\"capstan.dev/test\":\"true\"}}}";
            ClusterHttp.Response response = ClusterHttp.send(cluster.httpClient(), HttpMethod.POST, "/api/v1/namespaces",
                    body, REQUEST_TIMEOUT);
            if (response == null || !response.ok()) {
                throw new ControlPlaneException("could not create test namespace " + name + " on " + cluster.description()
                        + ": HTTP " + (response == null ? "no response" : response.status() + " " + response.body()));
            }
            return new OwnedNamespace(cluster, new TestNamespace(name));
        }

        /** Deletes the namespace without waiting for it to terminate. */
        @Override
        public void close() {
            try {
                ClusterHttp.send(cluster.httpClient(), HttpMethod.DELETE, "/api/v1/namespaces/" + namespace.name(), null,
                        REQUEST_TIMEOUT);
            } catch (RuntimeException e) {
                System.err.println("capstan: could not delete test namespace " + namespace.name() + ": " + e.getMessage());
            }
        }

        /** {@code t-<class>-<5 random chars>}, a valid DNS label of at most 63 characters. */
        static String name(String className) {
            String base = className.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
            if (base.length() > 40) {
                base = base.substring(0, 40).replaceAll("-+$", "");
            }
            StringBuilder suffix = new StringBuilder();
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            for (int i = 0; i < 5; i++) {
                suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            }
            return "t-" + (base.isEmpty() ? "" : base + "-") + suffix;
        }
    }
}
