package dev.capstan.client.config;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads kubeconfig files as kubectl does: locate, parse, merge, then resolve one context into a
 * {@link ClientConfig}.
 *
 * <h2>Merging</h2> (client-go {@code ClientConfigLoadingRules.Load}) Files are read in order. For
 * {@code clusters}, {@code users} and {@code contexts}, the first file to define a name wins and
 * its entry is taken whole; later entries of that name are ignored, never merged field by field.
 * {@code current-context} comes from the first file that sets it. Within one file a name may be
 * defined only once.
 *
 * <h2>Paths</h2> Relative paths in a file ({@code certificate-authority}, {@code client-certificate},
 * {@code client-key}, {@code tokenFile}, and an exec {@code command} that contains a path
 * separator) resolve against the directory of the file that holds them, before merging.
 *
 * <h2>Errors</h2> Each names the file, the entry and the field, and lists the defined names when
 * a name is unknown. A YAML syntax error reports the position and the parser's description of the
 * problem, but not the excerpt of the file the parser quotes, which could be a token.
 */
final class KubeconfigLoader {

    static final String EXEC_EXTENSION = "client.authentication.k8s.io/exec";
    private static final System.Logger LOG = System.getLogger(KubeconfigLoader.class.getName());
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern MARK = Pattern.compile("^\\s*in .*?, line (\\d+), column (\\d+):?\\s*$");

    private final Environment environment;
    private final Clock clock;

    KubeconfigLoader(Environment environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    /** A file to read and what named it, for messages. */
    record Source(Path path, String namedBy) {}

    /** A named cluster, user or context, and the file that defined it. */
    record Entry(String kind, String name, JsonNode body, Path file) {
        String describe() {
            return kind + " '" + name + "' in " + file;
        }
    }

    private record ParsedFile(Path path, @Nullable String currentContext, Map<String, Entry> clusters, Map<String, Entry> users,
            Map<String, Entry> contexts) {}

    private record Merged(List<Path> files, List<String> skipped, @Nullable String currentContext, @Nullable Path currentContextFile,
            Map<String, Entry> clusters, Map<String, Entry> users, Map<String, Entry> contexts) {

        String filesRead() {
            String read = files.size() == 1 ? files.get(0).toString() : files.toString();
            return skipped.isEmpty() ? read : read + " (KUBECONFIG also names " + String.join(", ", skipped) + ", which do not exist)";
        }
    }

    ClientConfig load(KubeconfigOptions options) {
        List<String> skipped = new ArrayList<>();
        List<ParsedFile> files = new ArrayList<>();
        for (Source source : locate(options, skipped)) {
            files.add(parse(source));
        }
        return resolve(merge(files, skipped), options);
    }

    // ---- locating ---------------------------------------------------------------------------

    List<Source> locate(KubeconfigOptions options, List<String> skipped) {
        if (!options.files().isEmpty()) {
            List<Source> sources = new ArrayList<>();
            for (Path file : options.files()) {
                Path path = file.toAbsolutePath().normalize();
                if (!Files.exists(path)) {
                    throw new ClientConfigException("kubeconfig file " + path + " does not exist (named by KubeconfigOptions.files)");
                }
                sources.add(new Source(path, "KubeconfigOptions.files"));
            }
            return sources;
        }
        String variable = environment.get("KUBECONFIG");
        if (variable != null) {
            Set<Path> paths = new LinkedHashSet<>();
            for (String entry : variable.split(Pattern.quote(File.pathSeparator))) {
                if (!entry.isBlank()) {
                    paths.add(Path.of(entry.strip()).toAbsolutePath().normalize());
                }
            }
            List<Source> sources = new ArrayList<>();
            for (Path path : paths) {
                if (Files.exists(path)) {
                    sources.add(new Source(path, "the KUBECONFIG environment variable"));
                } else {
                    skipped.add(path.toString());
                }
            }
            if (sources.isEmpty()) {
                throw new ClientConfigException("the KUBECONFIG environment variable names no existing file: "
                        + (skipped.isEmpty() ? "it lists no path" : String.join(", ", skipped) + (skipped.size() == 1 ? " does" : " do") + " not exist")
                        + "; fix KUBECONFIG (paths separated by '" + File.pathSeparator + "') or unset it to use ~/.kube/config");
            }
            if (!skipped.isEmpty()) {
                LOG.log(Level.DEBUG, "KUBECONFIG names files that do not exist, skipped as kubectl does: {0}", skipped);
            }
            return sources;
        }
        Path home = environment.defaultKubeconfig().toAbsolutePath().normalize();
        if (!Files.exists(home)) {
            throw new ClientConfigException("no kubeconfig found: the KUBECONFIG environment variable is not set and " + home
                    + " does not exist; create it (kubectl config, or your cluster tool's get-credentials) or name files with KubeconfigOptions.files");
        }
        return List.of(new Source(home, "the default location ~/.kube/config"));
    }

    // ---- parsing ----------------------------------------------------------------------------

    private ParsedFile parse(Source source) {
        Path path = source.path();
        if (Files.isDirectory(path)) {
            throw new ClientConfigException("kubeconfig " + path + " (named by " + source.namedBy() + ") is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ClientConfigException("kubeconfig file " + path + " does not exist (named by " + source.namedBy() + ")");
        } catch (AccessDeniedException e) {
            throw new ClientConfigException("cannot read kubeconfig " + path + " (named by " + source.namedBy() + "): permission denied");
        } catch (IOException | SecurityException e) {
            throw new ClientConfigException("cannot read kubeconfig " + path + " (named by " + source.namedBy() + ")", e);
        }
        JsonNode root;
        try {
            root = YAML.readTree(bytes);
        } catch (JacksonException e) {
            throw new ClientConfigException(syntaxError(path, e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ParsedFile(path, null, Map.of(), Map.of(), Map.of());
        }
        if (!root.isObject()) {
            throw new ClientConfigException("kubeconfig " + path + " is not a kubeconfig: its top level is not a mapping"
                    + " with clusters, contexts and users");
        }
        String kind = ExecCredentialProvider.text(root.path("kind"));
        if (!kind.isEmpty() && !kind.equals("Config")) {
            throw new ClientConfigException("kubeconfig " + path + " is not a kubeconfig: its kind is '" + kind + "', not 'Config'");
        }
        String current = ExecCredentialProvider.text(root.path("current-context"));
        return new ParsedFile(path, current.isEmpty() ? null : current, namedList(root, "clusters", "cluster", path),
                namedList(root, "users", "user", path), namedList(root, "contexts", "context", path));
    }

    /**
     * Describes a YAML syntax error by the parser's problem statements and their positions
     * ("while scanning a quoted scalar at line 4, column 12; found unexpected end of stream at line
     * 5, column 1"), dropping the excerpt of the file the parser quotes under each position.
     */
    static String syntaxError(Path path, JacksonException e) {
        List<String> parts = new ArrayList<>();
        String pending = null;
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        for (String text : original.split("\r?\n")) {
            Matcher mark = MARK.matcher(text);
            if (mark.matches()) {
                String at = "line " + mark.group(1) + ", column " + mark.group(2);
                parts.add(pending == null ? "at " + at : pending + " at " + at);
                pending = null;
            } else if (!text.isBlank() && !text.startsWith("    ")) {
                // Lines indented by four spaces are the excerpt and its caret: never repeated.
                String statement = text.strip();
                statement = statement.length() > 200 ? statement.substring(0, 200) + "…" : statement;
                pending = pending == null ? statement : pending + "; " + statement;
            }
        }
        if (pending != null || parts.isEmpty()) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            parts.add((pending == null ? "syntax error" : pending) + at);
        }
        return "kubeconfig " + path + " is not valid YAML: " + String.join("; ", parts);
    }

    private static Map<String, Entry> namedList(JsonNode root, String list, String kind, Path path) {
        JsonNode items = root.path(list);
        if (items.isMissingNode() || items.isNull()) {
            return Map.of();
        }
        if (!items.isArray()) {
            throw new ClientConfigException("'" + list + "' in kubeconfig " + path + " must be a list of {name, " + kind + "} entries");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode item : items) {
            index++;
            String name = item.isObject() ? ExecCredentialProvider.text(item.path("name")) : "";
            if (name.isEmpty()) {
                throw new ClientConfigException("entry #" + index + " of '" + list + "' in kubeconfig " + path + " has no name");
            }
            JsonNode body = item.path(kind);
            if (!body.isMissingNode() && !body.isNull() && !body.isObject()) {
                throw new ClientConfigException(kind + " '" + name + "' in " + path + ": '" + kind + "' must be a mapping");
            }
            if (entries.putIfAbsent(name, new Entry(kind, name, body, path)) != null) {
                throw new ClientConfigException("kubeconfig " + path + " defines " + kind + " '" + name + "' twice in '" + list + "'");
            }
        }
        return Collections.unmodifiableMap(entries);
    }

    private static Merged merge(List<ParsedFile> files, List<String> skipped) {
        Map<String, Entry> clusters = new LinkedHashMap<>();
        Map<String, Entry> users = new LinkedHashMap<>();
        Map<String, Entry> contexts = new LinkedHashMap<>();
        String current = null;
        Path currentFile = null;
        List<Path> paths = new ArrayList<>();
        for (ParsedFile file : files) {
            paths.add(file.path());
            file.clusters().forEach(clusters::putIfAbsent);
            file.users().forEach(users::putIfAbsent);
            file.contexts().forEach(contexts::putIfAbsent);
            if (current == null && file.currentContext() != null) {
                current = file.currentContext();
                currentFile = file.path();
            }
        }
        return new Merged(paths, skipped, current, currentFile, clusters, users, contexts);
    }

    // ---- resolving --------------------------------------------------------------------------

    private ClientConfig resolve(Merged merged, KubeconfigOptions options) {
        String contextName = options.context() != null ? options.context() : merged.currentContext();
        if (contextName == null) {
            throw new ClientConfigException("kubeconfig " + merged.filesRead() + " sets no current-context and none was chosen; "
                    + available("contexts", merged.contexts()) + ". Choose one with KubeconfigOptions.withContext(name) or"
                    + " `kubectl config use-context NAME`");
        }
        String chosenBy = options.context() != null ? "chosen by KubeconfigOptions.context" : "the current-context of " + merged.currentContextFile();
        Entry context = merged.contexts().get(contextName);
        if (context == null) {
            throw new ClientConfigException("context '" + contextName + "' (" + chosenBy + ") is not defined in kubeconfig "
                    + merged.filesRead() + "; " + available("contexts", merged.contexts()));
        }
        String clusterName = string(context, "cluster");
        if (clusterName == null) {
            throw new ClientConfigException(context.describe() + " names no cluster; set its 'cluster' field");
        }
        Entry cluster = merged.clusters().get(clusterName);
        if (cluster == null) {
            throw new ClientConfigException("cluster '" + clusterName + "' (named by " + context.describe() + ") is not defined in kubeconfig "
                    + merged.filesRead() + "; " + available("clusters", merged.clusters()));
        }
        String userName = string(context, "user");
        Entry user = null;
        if (userName != null) {
            user = merged.users().get(userName);
            if (user == null) {
                throw new ClientConfigException("user '" + userName + "' (named by " + context.describe() + ") is not defined in kubeconfig "
                        + merged.filesRead() + "; " + available("users", merged.users()));
            }
        }
        String namespace = string(context, "namespace");
        if (namespace == null) {
            namespace = ClientConfig.DEFAULT_NAMESPACE;
        } else if (!NAMESPACE.matcher(namespace).matches()) {
            throw new ClientConfigException("namespace '" + namespace + "' of " + context.describe()
                    + " is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
        }

        String serverValue = string(cluster, "server");
        if (serverValue == null) {
            throw new ClientConfigException(cluster.describe() + " has no server; set its 'server' field to https://host:port");
        }
        URI server = Urls.server(serverValue, "server of " + cluster.describe());
        TlsSettings tls = tls(cluster);
        String proxyValue = string(cluster, "proxy-url");
        URI proxy = proxyValue == null ? null : Urls.proxy(proxyValue, "proxy-url of " + cluster.describe());
        ExecCredentialProvider.ClusterInfo clusterInfo = new ExecCredentialProvider.ClusterInfo(server, tls, proxy, execExtension(cluster));
        CredentialProvider credentials = user == null ? CredentialProvider.none() : credentials(user, clusterInfo, options.execTimeout());
        return new ClientConfig(server, namespace, tls, credentials, proxy, "kubeconfig " + context.file() + ", context '" + contextName + "'");
    }

    private static String available(String what, Map<String, Entry> entries) {
        return entries.isEmpty() ? "no " + what + " are defined" : "defined " + what + ": " + String.join(", ", entries.keySet());
    }

    private static TlsSettings tls(Entry cluster) {
        String data = string(cluster, "certificate-authority-data");
        String file = string(cluster, "certificate-authority");
        String ca = null;
        if (data != null) {
            String what = "certificate-authority-data of " + cluster.describe();
            ca = Pem.normalizeCertificates(Pem.decodeDataField(data, what), what);
        } else if (file != null) {
            Path path = resolvePath(cluster, file);
            String what = "certificate-authority of " + cluster.describe();
            ca = Pem.normalizeCertificates(ClientConfig.readFile(path, what), what + " (" + path + ")");
        }
        boolean insecure = bool(cluster, "insecure-skip-tls-verify");
        if (insecure && ca != null) {
            throw new ClientConfigException(cluster.describe() + " sets both insecure-skip-tls-verify and a certificate authority;"
                    + " remove one (kubectl refuses this too)");
        }
        return new TlsSettings(ca, insecure, string(cluster, "tls-server-name"));
    }

    private static @Nullable JsonNode execExtension(Entry cluster) {
        for (JsonNode extension : cluster.body().path("extensions")) {
            if (EXEC_EXTENSION.equals(ExecCredentialProvider.text(extension.path("name")))) {
                JsonNode value = extension.path("extension");
                return value.isMissingNode() ? null : value;
            }
        }
        return null;
    }

    private CredentialProvider credentials(Entry user, ExecCredentialProvider.ClusterInfo cluster, Duration execTimeout) {
        JsonNode body = user.body();
        if (body.has("username") || body.has("password")) {
            throw new ClientConfigException(user.describe() + " uses basic authentication (username/password), which Capstan does not"
                    + " support (Kubernetes removed it in 1.19); use a token, a client certificate or an exec plugin");
        }
        if (body.has("auth-provider")) {
            String name = ExecCredentialProvider.text(body.path("auth-provider").path("name"));
            throw new ClientConfigException(user.describe() + " uses auth-provider '" + name + "', which Capstan does not support"
                    + " (kubectl removed the built-in providers too); switch to the exec credential plugin your provider ships"
                    + " (for example gke-gcloud-auth-plugin, kubelogin)");
        }
        for (String field : List.of("as", "as-uid", "as-groups", "as-user-extra")) {
            if (body.has(field)) {
                throw new ClientConfigException(user.describe() + " asks for impersonation ('" + field + "'), which Capstan's configuration"
                        + " does not support yet; remove it");
            }
        }
        String token = string(user, "token");
        String tokenFile = string(user, "tokenFile");
        String certificateData = string(user, "client-certificate-data");
        String certificateFile = string(user, "client-certificate");
        String keyData = string(user, "client-key-data");
        String keyFile = string(user, "client-key");
        boolean hasCertificate = certificateData != null || certificateFile != null;
        boolean hasKey = keyData != null || keyFile != null;
        JsonNode exec = body.path("exec");
        boolean hasExec = !exec.isMissingNode() && !exec.isNull();

        if (hasExec && (token != null || tokenFile != null || hasCertificate || hasKey)) {
            throw new ClientConfigException(user.describe() + " sets exec together with a "
                    + (hasCertificate || hasKey ? "client certificate" : "token") + "; Capstan takes one credential source per user,"
                    + " so remove the one you do not use");
        }
        if (hasExec) {
            return new ExecCredentialProvider(execPlugin(user, exec, execTimeout), user.describe(), cluster, clock);
        }
        if (hasCertificate != hasKey) {
            throw new ClientConfigException(user.describe() + " has a client " + (hasCertificate ? "certificate but no client-key or client-key-data"
                    : "key but no client-certificate or client-certificate-data") + "; both are needed");
        }
        if (hasCertificate) {
            if (token != null || tokenFile != null) {
                LOG.log(Level.DEBUG, "{0} has a client certificate and a token; using the certificate, which the API server checks first",
                        user.describe());
            }
            String certificateWhat;
            String certificatePem;
            if (certificateData != null) {
                certificateWhat = "client-certificate-data of " + user.describe();
                certificatePem = Pem.decodeDataField(certificateData, certificateWhat);
            } else {
                Path path = resolvePath(user, certificateFile);
                certificateWhat = "client-certificate of " + user.describe() + " (" + path + ")";
                certificatePem = ClientConfig.readFile(path, "client-certificate of " + user.describe());
            }
            String keyWhat;
            String keyPem;
            if (keyData != null) {
                keyWhat = "client-key-data of " + user.describe();
                keyPem = Pem.decodeDataField(keyData, keyWhat);
            } else {
                Path path = resolvePath(user, keyFile);
                keyWhat = "client-key of " + user.describe() + " (" + path + ")";
                keyPem = ClientConfig.readFile(path, "client-key of " + user.describe());
            }
            return CredentialProvider.of(PrivateKeys.clientCertificate(certificatePem, certificateWhat, keyPem, keyWhat));
        }
        if (token != null) {
            return CredentialProvider.of(new Credentials.BearerToken(token.strip()));
        }
        if (tokenFile != null) {
            return new FileTokenProvider(resolvePath(user, tokenFile), "tokenFile of " + user.describe(), clock);
        }
        return CredentialProvider.none();
    }

    private static ExecPlugin execPlugin(Entry user, JsonNode exec, Duration timeout) {
        String where = "exec of " + user.describe();
        if (!exec.isObject()) {
            throw new ClientConfigException(where + " must be a mapping");
        }
        String command = ExecCredentialProvider.text(exec.path("command"));
        if (command.isBlank()) {
            throw new ClientConfigException(where + " has no command");
        }
        if ((command.contains("/") || command.contains(File.separator)) && !Path.of(command).isAbsolute()) {
            command = user.file().getParent().resolve(command).normalize().toString();
        }
        String apiVersion = ExecCredentialProvider.text(exec.path("apiVersion"));
        if (apiVersion.isEmpty()) {
            throw new ClientConfigException(where + " has no apiVersion; set it to " + ExecPlugin.V1);
        }
        if (!apiVersion.equals(ExecPlugin.V1) && !apiVersion.equals(ExecPlugin.V1BETA1)) {
            throw new ClientConfigException(where + " has apiVersion '" + apiVersion + "', which Capstan does not speak; use "
                    + ExecPlugin.V1 + " (or " + ExecPlugin.V1BETA1 + ")");
        }
        String interactive = ExecCredentialProvider.text(exec.path("interactiveMode"));
        switch (interactive) {
            case "":
            case "Never":
            case "IfAvailable":
                break;
            case "Always":
                throw new ClientConfigException(where + " has interactiveMode Always: the plugin needs a terminal, which a Capstan"
                        + " client never has; log in beforehand so the plugin can answer from its cache, and set interactiveMode to IfAvailable");
            default:
                throw new ClientConfigException(where + " has interactiveMode '" + interactive + "'; use Never, IfAvailable or Always");
        }
        List<String> args = new ArrayList<>();
        JsonNode argsNode = exec.path("args");
        if (!argsNode.isMissingNode() && !argsNode.isNull()) {
            if (!argsNode.isArray()) {
                throw new ClientConfigException(where + ": args must be a list of strings");
            }
            argsNode.forEach(arg -> args.add(ExecCredentialProvider.text(arg)));
        }
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = exec.path("env");
        if (!envNode.isMissingNode() && !envNode.isNull()) {
            if (!envNode.isArray()) {
                throw new ClientConfigException(where + ": env must be a list of {name, value}");
            }
            for (JsonNode variable : envNode) {
                String name = ExecCredentialProvider.text(variable.path("name"));
                if (name.isEmpty()) {
                    throw new ClientConfigException(where + ": an env entry has no name");
                }
                env.put(name, ExecCredentialProvider.text(variable.path("value")));
            }
        }
        String hint = ExecCredentialProvider.text(exec.path("installHint"));
        boolean provideClusterInfo = exec.path("provideClusterInfo").asBoolean(false);
        return new ExecPlugin(command, args, env, apiVersion, hint.isBlank() ? null : hint, provideClusterInfo, timeout);
    }

    // ---- fields -----------------------------------------------------------------------------

    /** A string field; null when absent, null or empty. */
    private static @Nullable String string(Entry entry, String field) {
        JsonNode node = entry.body().path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new ClientConfigException("'" + field + "' of " + entry.describe() + " must be a string");
        }
        String value = node.asString();
        return value.isEmpty() ? null : value;
    }

    private static boolean bool(Entry entry, String field) {
        JsonNode node = entry.body().path(field);
        if (node.isMissingNode() || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = ExecCredentialProvider.text(node);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ClientConfigException("'" + field + "' of " + entry.describe() + " must be true or false");
    }

    private static Path resolvePath(Entry entry, String value) {
        Path path = Path.of(value);
        return path.isAbsolute() ? path : entry.file().getParent().resolve(path).normalize();
    }
}
