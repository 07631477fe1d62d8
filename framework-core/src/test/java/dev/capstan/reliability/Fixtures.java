package dev.capstan.reliability;

import dev.capstan.api.Unstructured;
import dev.capstan.client.KubernetesClient;
import dev.capstan.client.ResourceClient;
import dev.capstan.client.rest.RestRequest;
import dev.capstan.testing.invariant.InvariantChecker;
import dev.capstan.testing.invariant.Write;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What the reliability scenarios set up, shared by Capstan's ({@code dev.capstan.reliability.*IT})
 * and fabric8's ({@code reliability-peers}) so that both columns face the same world: the Widget
 * CRD of the late-CRD scenario, the API server's count of watchers it closed, the APF seat holder,
 * the expiring exec plugin. The operator's own identity is {@link Operator}.
 */
public final class Fixtures {
    /** The late-CRD scenario's API group. */
    public static final String WIDGET_GROUP = "late.reliability.capstan.dev";

    /**
     * An exec credential plugin (POSIX shell) that appends a line to {@code $RUNS} each time it runs
     * and prints an ExecCredential with the token in the file {@code $TOKEN}, expiring in 3 s.
     */
    public static final String EXPIRING_EXEC_PLUGIN = """
            #!/bin/sh
            echo run >> "$RUNS"
            expires=$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%SZ)
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\\n' "$(cat "$TOKEN")" "$expires"
            """;

    private Fixtures() {}

    /** The Widget CRD (namespaced, schemaless) as JSON, for a POST to the CRD collection. */
    public static String widgetCrd() {
        return "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"widgets."
                + WIDGET_GROUP + "\"},\"spec\":{\"group\":\"" + WIDGET_GROUP + "\",\"scope\":\"Namespaced\",\"names\":{\"plural\":"
                + "\"widgets\",\"singular\":\"widget\",\"kind\":\"Widget\",\"listKind\":\"WidgetList\"},\"versions\":[{\"name\":\"v1\","
                + "\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\","
                + "\"x-kubernetes-preserve-unknown-fields\":true}}}]}}";
    }

    /** A Widget. */
    public static Unstructured widget(String namespace, String name, int size) {
        return Unstructured.parse("{\"apiVersion\":\"" + WIDGET_GROUP + "/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\"},\"spec\":{\"size\":" + size + "}}");
    }

    /**
     * The late-CRD scenario's writes: 6 Widgets created, every second one updated, every third
     * one deleted, each write recorded in {@code checker}.
     */
    public static void writeWidgets(ResourceClient<Unstructured> widgets, String namespace, InvariantChecker checker) {
        for (int i = 0; i < 6; i++) {
            Unstructured w = widgets.create(widget(namespace, "w" + i, 0));
            checker.wrote(Write.Type.CREATE, w.name(), w.uid(), w.resourceVersion());
            if (i % 2 == 0) {
                Unstructured u = widgets.update(w.edit(o -> o.putObject("spec").put("size", 1)));
                checker.wrote(Write.Type.UPDATE, u.name(), u.uid(), u.resourceVersion());
            }
            if (i % 3 == 0) {
                widgets.delete(w.name());
                checker.wrote(Write.Type.DELETE, w.name(), w.uid(), w.resourceVersion());
            }
        }
    }

    /** kube-apiserver's count of watchers it closed because they could not keep up, for ConfigMaps. */
    public static long terminatedWatchers(KubernetesClient direct) {
        String metrics = direct.rest().call(RestRequest.get("/metrics").accepting("text/plain").describedAs("GET /metrics"))
                .bodyAsString();
        long total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("apiserver_terminated_watchers_total{") && line.contains("resource=\"configmaps\"")) {
                total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /**
     * Sends a list on a raw HTTP/1.1 connection with a small receive buffer and never reads the
     * answer: kube-apiserver's handler blocks writing it, holding its APF seat until the socket
     * is closed.
     */
    public static Socket unreadList(URI server, String caPem, String token, String path) throws Exception {
        SSLSocket socket = connect(server, caPem);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort() + "\r\nAuthorization: Bearer "
                + token + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static SSLSocket connect(URI server, String caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        Socket raw = new Socket();
        raw.setReceiveBufferSize(4096);
        raw.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, server.getHost(), server.getPort(), true);
        socket.startHandshake();
        return socket;
    }
}
