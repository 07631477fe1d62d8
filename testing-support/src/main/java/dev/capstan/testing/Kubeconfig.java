package dev.capstan.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The little of kubeconfig the test harness needs: write one for the local control plane,
 * and read the current context of an existing one (k3s's, or {@code KUBECONFIG}'s).
 *
 * <p>Reading supports what test clusters use: a server URL, the CA as file or data,
 * {@code insecure-skip-tls-verify}, client certificate and key as file or data, and a token
 * or token file. Exec and auth-provider plugins are refused with a message; Capstan's client
 * (framework-core) reads full kubeconfigs.
 */
final class Kubeconfig {
    /** What a kubeconfig's current context points at. */
    record Target(URI server, ClusterCredentials credentials, String context) {}

    private Kubeconfig() {}

    /** Writes a kubeconfig with embedded credentials, readable only by the owner. */
    static void write(Path file, URI server, ClusterCredentials credentials, String name) {
        String yaml = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + name + "\n"
                + "  cluster:\n"
                + "    server: " + server + "\n"
                + "    certificate-authority-data: " + base64(credentials.certificateAuthorityPem()) + "\n"
                + "users:\n"
                + "- name: " + name + "-admin\n"
                + "  user:\n"
                + "    client-certificate-data: " + base64(credentials.clientCertificatePem()) + "\n"
                + "    client-key-data: " + base64(credentials.clientKeyPem()) + "\n"
                + "contexts:\n"
                + "- name: " + name + "\n"
                + "  context:\n"
                + "    cluster: " + name + "\n"
                + "    user: " + name + "-admin\n"
                + "current-context: " + name + "\n";
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = Files.createTempFile(parent, ".kubeconfig", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the default permissions apply
            }
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ControlPlaneException("could not write the kubeconfig to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the current context of the first file in the list that names one. */
    static Target read(List<Path> files) {
        List<JsonNode> docs = new ArrayList<>();
        YAMLMapper mapper = new YAMLMapper();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                JsonNode doc = mapper.readTree(file.toFile());
                if (doc != null && doc.isObject()) {
                    docs.add(doc);
                }
            } catch (RuntimeException e) {
                throw new ControlPlaneException("kubeconfig " + file + " is not valid YAML: " + e.getMessage(), e);
            }
        }
        if (docs.isEmpty()) {
            throw new ControlPlaneException("no kubeconfig found at " + files
                    + "; set KUBECONFIG to the file of the cluster to test against");
        }
        String context = null;
        for (JsonNode doc : docs) {
            String current = text(doc.get("current-context"));
            if (current != null && !current.isEmpty()) {
                context = current;
                break;
            }
        }
        if (context == null) {
            throw new ControlPlaneException("kubeconfig " + files + " has no current-context; run kubectl config use-context NAME");
        }
        JsonNode ctx = named(docs, "contexts", context, "context", files);
        String clusterName = text(ctx.get("cluster"));
        String userName = text(ctx.get("user"));
        JsonNode cluster = named(docs, "clusters", clusterName, "cluster", files);
        JsonNode user = userName == null ? null : named(docs, "users", userName, "user", files);

        String where = "kubeconfig " + files + ", context '" + context + "'";
        String server = text(cluster.get("server"));
        if (server == null) {
            throw new ControlPlaneException(where + ": cluster '" + clusterName + "' has no server");
        }
        boolean insecure = cluster.path("insecure-skip-tls-verify").asBoolean(false);
        String ca = pem(cluster, "certificate-authority", where + ", cluster '" + clusterName + "'");
        String cert = null;
        String key = null;
        String token = null;
        if (user != null) {
            String userWhere = where + ", user '" + userName + "'";
            if (user.has("exec") || user.has("auth-provider")) {
                throw new ControlPlaneException(userWhere + " authenticates with an exec or auth-provider plugin, "
                        + "which the test harness does not run; use a kubeconfig with a client certificate or a token");
            }
            cert = pem(user, "client-certificate", userWhere);
            key = pem(user, "client-key", userWhere);
            token = text(user.get("token"));
            String tokenFile = text(user.get("tokenFile"));
            if (token == null && tokenFile != null) {
                try {
                    token = Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new ControlPlaneException(userWhere + ": cannot read tokenFile " + tokenFile + ": " + e.getMessage(), e);
                }
            }
        }
        try {
            return new Target(URI.create(server), new ClusterCredentials(ca, cert, key, token, insecure), context);
        } catch (IllegalArgumentException e) {
            throw new ControlPlaneException(where + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode named(List<JsonNode> docs, String list, String name, String field, List<Path> files) {
        for (JsonNode doc : docs) {
            for (JsonNode entry : doc.path(list)) {
                if (name != null && name.equals(text(entry.get("name")))) {
                    return entry.path(field);
                }
            }
        }
        throw new ControlPlaneException("kubeconfig " + files + " has no entry named '" + name + "' in " + list);
    }

    private static String pem(JsonNode node, String field, String where) {
        String data = text(node.get(field + "-data"));
        if (data != null) {
            try {
                return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII);
            } catch (IllegalArgumentException e) {
                throw new ControlPlaneException(where + ": " + field + "-data is not valid base64");
            }
        }
        String file = text(node.get(field));
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ControlPlaneException(where + ": cannot read " + field + " file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
