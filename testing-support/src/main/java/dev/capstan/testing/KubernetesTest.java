package dev.capstan.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Kubernetes cluster, in a namespace of its own.
 *
 * <pre>{@code
 * @KubernetesTest
 * class ConfigMapIT {
 *     @Test
 *     void createsConfigMap(TestCluster cluster, TestNamespace namespace) { … }
 * }
 * }</pre>
 *
 * <p>Test methods, lifecycle methods and constructors may take {@link TestCluster},
 * {@link TestNamespace} and — when the cluster is the local one — {@link LocalControlPlane}.
 * The cluster is shared by every test class of the JVM (see the package documentation for
 * how it is chosen); the namespace is created before the class's first test and deleted after
 * its last. The class is tagged {@code integration}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("integration")
@ExtendWith(KubernetesClusterExtension.class)
public @interface KubernetesTest {}
