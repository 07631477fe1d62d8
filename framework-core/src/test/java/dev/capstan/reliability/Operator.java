package dev.capstan.reliability;

import dev.capstan.client.KubernetesClient;
import dev.capstan.client.config.ClientConfig;
import dev.capstan.client.config.CredentialProvider;
import dev.capstan.client.config.Credentials;
import dev.capstan.client.rest.KubernetesApiException;
import dev.capstan.client.rest.RestOptions;
import dev.capstan.client.rest.RestRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's own identity for scenarios about authentication and authorization: a
 * ServiceAccount in the test namespace, a Role that may read ConfigMaps, a RoleBinding, and
 * tokens from the TokenRequest API, each bound to a Secret so that deleting the Secret revokes
 * it. Created with the admin client; raw JSON keeps the fixture short. Shared with
 * reliability-peers (framework-core's test jar), whose fabric8 scenarios use the same identity.
 */
public final class Operator {
    public final KubernetesClient admin;
    public final String namespace;
    public final String name;

    public Operator(KubernetesClient admin, String namespace, String name) {
        this.admin = admin;
        this.namespace = namespace;
        this.name = name;
        post("/api/v1/namespaces/" + namespace + "/serviceaccounts",
                "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"" + name + "\"}}");
        post("/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/roles",
                "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"Role\",\"metadata\":{\"name\":\"" + name + "\"},"
                        + "\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],\"verbs\":[\"get\",\"list\",\"watch\"]}]}");
        bind();
    }

    /** The user name the API server gives the operator. */
    public String user() {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    /** Grants the Role (creates the RoleBinding). */
    public void bind() {
        post("/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/rolebindings",
                "{\"apiVersion\":\"rbac.authorization.k8s.io/v1\",\"kind\":\"RoleBinding\",\"metadata\":{\"name\":\"" + name + "\"},"
                        + "\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\",\"name\":\"" + name + "\"},"
                        + "\"subjects\":[{\"kind\":\"ServiceAccount\",\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\"}]}");
    }

    /** Revokes the Role (deletes the RoleBinding). */
    public void unbind() {
        call("DELETE", "/apis/rbac.authorization.k8s.io/v1/namespaces/" + namespace + "/rolebindings/" + name, null);
    }

    /** A new token for the operator, valid until the Secret {@code binding} (created here) is deleted. */
    public String token(String binding) {
        String secret = post("/api/v1/namespaces/" + namespace + "/secrets",
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + binding + "\"}}");
        String uid = field(secret, "uid");
        String response = post("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name + "/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{\"expirationSeconds\":3600,"
                        + "\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"name\":\"" + binding + "\",\"uid\":\"" + uid + "\"}}}");
        return field(response, "token");
    }

    /** Revokes the tokens bound to {@code binding}. */
    public void revoke(String binding) {
        call("DELETE", "/api/v1/namespaces/" + namespace + "/secrets/" + binding, null);
    }

    /**
     * Puts the operator alone in an API Priority and Fairness level with no seats of its own
     * that rejects what it cannot seat: a PriorityLevelConfiguration and a FlowSchema, both named
     * {@code level}, matching this ServiceAccount. {@link #apfInForce} tells when kube-apiserver has
     * taken it up; {@link #releaseApf} removes it.
     */
    public void squeezeByApf(String level) {
        post("/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations", "{\"apiVersion\":"
                + "\"flowcontrol.apiserver.k8s.io/v1\",\"kind\":\"PriorityLevelConfiguration\",\"metadata\":{\"name\":\"" + level + "\"},"
                + "\"spec\":{\"type\":\"Limited\",\"limited\":{\"nominalConcurrencyShares\":0,\"lendablePercent\":0,"
                + "\"borrowingLimitPercent\":0,\"limitResponse\":{\"type\":\"Reject\"}}}}");
        post("/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas", "{\"apiVersion\":\"flowcontrol.apiserver.k8s.io/v1\","
                + "\"kind\":\"FlowSchema\",\"metadata\":{\"name\":\"" + level + "\"},\"spec\":{\"priorityLevelConfiguration\":{\"name\":\""
                + level + "\"},\"matchingPrecedence\":100,\"distinguisherMethod\":{\"type\":\"ByUser\"},\"rules\":[{\"subjects\":[{"
                + "\"kind\":\"ServiceAccount\",\"serviceAccount\":{\"namespace\":\"" + namespace + "\",\"name\":\"" + name + "\"}}],"
                + "\"resourceRules\":[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"],\"namespaces\":[\"*\"],"
                + "\"clusterScope\":true}]}]}}");
    }

    /** Whether kube-apiserver's APF controller has taken up the FlowSchema (it marks it not dangling). */
    public boolean apfInForce(String level) {
        return call("GET", "/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas/" + level, null)
                .replace(" ", "").contains("\"type\":\"Dangling\",\"status\":\"False\"");
    }

    /** Removes what {@link #squeezeByApf} created. */
    public void releaseApf(String level) {
        call("DELETE", "/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas/" + level, null);
        call("DELETE", "/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations/" + level, null);
    }

    /** Whether the API server rejects {@code token} (401) now; asks it directly, not through the proxy. */
    public boolean rejects(String token) {
        ClientConfig config = admin.rest().config();
        try (KubernetesClient client = KubernetesClient.create(new ClientConfig(config.server(), namespace, config.tls(),
                CredentialProvider.of(new Credentials.BearerToken(token)), null, "token probe"), RestOptions.defaults().withoutRateLimit())) {
            client.rest().call(RestRequest.get("/api/v1/namespaces/" + namespace + "/configmaps").query("limit", 1));
            return false;
        } catch (KubernetesApiException e) {
            return e.code() == 401;
        }
    }

    public String post(String path, String json) {
        return call("POST", path, json);
    }

    public String call(String method, String path, String json) {
        RestRequest request = RestRequest.of(method, path);
        if (json != null) {
            request = request.body(json.getBytes(StandardCharsets.UTF_8), "application/json");
        }
        return admin.rest().call(request.describedAs(method + " " + path)).bodyAsString();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json.substring(0, Math.min(200, json.length())));
        }
        return m.group(1);
    }
}
