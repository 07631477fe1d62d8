package dev.capstan.samples.deploy;

import dev.capstan.api.KubernetesJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The two deployable samples as the tests see them: where their manifests and generated CRDs
 * are, which jar and main class the build makes for them, and the names the manifests use.
 */
enum Sample {
    SAMPLE_CONTROLLER("sample-controller", "dev.capstan.samples.samplecontroller.SampleControllerApplication",
            "capstan-sample-controller", List.of("dev.capstan.samples.samplecontroller.Foo")),
    TENANT_OPERATOR("tenant-operator", "dev.capstan.samples.tenant.TenantOperatorApplication",
            "capstan-tenant-operator", List.of("dev.capstan.samples.tenant.TenantNamespace"));

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** The sample's name: the jar's classifier, the Dockerfile's SAMPLE, deploy/<name>, the ServiceAccount and the Lease. */
    final String id;
    final String mainClass;
    /** The operator's own namespace (ServiceAccount, Lease, pods). */
    final String namespace;
    final List<String> customResourceClasses;

    Sample(String id, String mainClass, String namespace, List<String> customResourceClasses) {
        this.id = id;
        this.mainClass = mainClass;
        this.namespace = namespace;
        this.customResourceClasses = customResourceClasses;
    }

    /** The ServiceAccount the operator runs as (same name as the sample). */
    String serviceAccount() {
        return id;
    }

    /** The user name the API server gives the ServiceAccount's tokens. */
    String serviceAccountUser() {
        return "system:serviceaccount:" + namespace + ":" + serviceAccount();
    }

    /** The Lease leader election uses (spring.application.name, and the Role's resourceName). */
    String leaseName() {
        return id;
    }

    /** {@code sample-operators/deploy/<id>}: the hand-written manifests. */
    Path deployDirectory() {
        return Repository.module().resolve("deploy").resolve(id);
    }

    /** {@code sample-operators/target/deploy/<id>/crds}: the CRDs the build generates. */
    Path crdDirectory() {
        return Repository.module().resolve("target").resolve("deploy").resolve(id).resolve("crds");
    }

    /** The hand-written manifests' files, in the order {@code kubectl apply -f} reads them. */
    List<Path> manifestFiles() {
        return yamlFiles(deployDirectory());
    }

    /** The generated CRD files. */
    List<Path> crdFiles() {
        return yamlFiles(crdDirectory());
    }

    /** Every document of the hand-written manifests, in file order. */
    List<ObjectNode> manifests() {
        return documents(manifestFiles());
    }

    /** Every generated CRD. */
    List<ObjectNode> crds() {
        return documents(crdFiles());
    }

    /** The one document of that kind and name in the manifests. */
    ObjectNode manifest(String kind, String name) {
        List<ObjectNode> found = manifests().stream()
                .filter(d -> kind.equals(d.path("kind").asString()) && name.equals(d.path("metadata").path("name").asString()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(deployDirectory() + ": expected exactly one " + kind + " named " + name + ", found " + found.size());
        }
        return found.get(0);
    }

    static Sample byId(String id) {
        for (Sample sample : values()) {
            if (sample.id.equals(id)) {
                return sample;
            }
        }
        throw new IllegalArgumentException("no sample named '" + id + "'");
    }

    static List<Path> yamlFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new AssertionError(directory + " does not exist" + (directory.toString().contains("target")
                    ? " (it is written by the build's process-classes phase: run mvn verify, not just compile)" : ""));
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The YAML documents of the files, each as a JSON tree (empty documents skipped). */
    static List<ObjectNode> documents(List<Path> files) {
        List<ObjectNode> documents = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc == null || doc.isNull() || doc.isMissingNode()) {
                        continue;
                    }
                    if (!doc.isObject()) {
                        throw new AssertionError(file + ": a document is not a mapping: " + doc);
                    }
                    // a round trip through the JSON mapper: the same tree types the client uses
                    documents.add((ObjectNode) KubernetesJson.mapper().readTree(doc.toString()));
                }
            } catch (tools.jackson.core.JacksonException e) {
                throw new AssertionError(file + ": not valid YAML: " + e.getOriginalMessage(), e);
            }
        }
        return documents;
    }
}
