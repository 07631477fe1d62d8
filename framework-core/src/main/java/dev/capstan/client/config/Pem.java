package dev.capstan.client.config;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PEM text: splitting it into blocks, encoding blocks, and reading and re-encoding certificate
 * bundles.
 *
 * <p>Every method takes a {@code what} that names the source for error messages ("client-key-data
 * of user 'dev' in /home/u/.kube/config"). Messages describe the structure and never quote the
 * input, which may be a private key.
 */
final class Pem {

    /** One {@code -----BEGIN type-----} block with its RFC 1421 headers ({@code Proc-Type}, ...). */
    record Block(String type, Map<String, String> headers, byte[] der) {}

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private Pem() {}

    /** Whether {@code text} looks like PEM rather than, say, base64 of PEM. */
    static boolean looksLikePem(String text) {
        return text.contains(BEGIN);
    }

    /**
     * The blocks of {@code text}, in order; text between blocks (comments in CA bundles) is
     * ignored.
     *
     * @throws ClientConfigException if there is no block, a block is not closed, or its base64 is
     *     invalid
     */
    static List<Block> decode(String text, String what) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r");
        int i = 0;
        while (i < lines.length) {
            String line = lines[i++].strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() <= BEGIN.length() + DASHES.length()) {
                continue;
            }
            String type = line.substring(BEGIN.length(), line.length() - DASHES.length());
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            boolean closed = false;
            boolean inHeaders = true;
            while (i < lines.length) {
                String body = lines[i++].strip();
                if (body.startsWith(END)) {
                    if (!body.equals(END + type + DASHES)) {
                        throw new ClientConfigException(what + " has a PEM block '" + type + "' closed by a different END line");
                    }
                    closed = true;
                    break;
                }
                int colon = body.indexOf(':');
                if (inHeaders && colon > 0) {
                    headers.put(body.substring(0, colon).strip(), body.substring(colon + 1).strip());
                    continue;
                }
                inHeaders = false;
                base64.append(body);
            }
            if (!closed) {
                throw new ClientConfigException(what + " has a PEM block '" + type + "' without its END line");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new ClientConfigException(what + " has a PEM block '" + type + "' whose base64 content is invalid");
            }
            if (der.length == 0) {
                throw new ClientConfigException(what + " has an empty PEM block '" + type + "'");
            }
            blocks.add(new Block(type, Map.copyOf(headers), der));
        }
        if (blocks.isEmpty()) {
            throw new ClientConfigException(what + " is not PEM: it contains no '-----BEGIN ...-----' line");
        }
        return blocks;
    }

    /** One PEM block with 64-character base64 lines and a trailing newline. */
    static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + type + DASHES + "\n" + body + "\n" + END + type + DASHES + "\n";
    }

    /**
     * The X.509 certificates of a PEM bundle, in order.
     *
     * @throws ClientConfigException if there is no {@code CERTIFICATE} block or one does not parse
     */
    static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JVM has no X.509 certificate factory", e);
        }
        for (Block block : decode(pem, what)) {
            if (!block.type().equals("CERTIFICATE")) {
                if (block.type().contains("PRIVATE KEY")) {
                    throw new ClientConfigException(what + " holds a private key where a certificate was expected");
                }
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException | RuntimeException e) {
                throw new ClientConfigException(what + " has a CERTIFICATE block (#" + (certificates.size() + 1)
                        + ") that is not a valid X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new ClientConfigException(what + " holds no PEM CERTIFICATE block");
        }
        return certificates;
    }

    /** Validates a certificate bundle and re-encodes it as plain {@code CERTIFICATE} blocks. */
    static String normalizeCertificates(String pem, String what) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates(pem, what)) {
            try {
                out.append(encode("CERTIFICATE", certificate.getEncoded()));
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new ClientConfigException(what + " has a certificate that cannot be re-encoded");
            }
        }
        return out.toString();
    }

    /** How many {@code CERTIFICATE} blocks a normalized bundle has (for summaries). */
    static int countCertificates(String pem) {
        int count = 0;
        for (int at = pem.indexOf(BEGIN + "CERTIFICATE" + DASHES); at >= 0; at = pem.indexOf(BEGIN + "CERTIFICATE" + DASHES, at + 1)) {
            count++;
        }
        return count;
    }

    /**
     * Decodes a kubeconfig {@code *-data} field: base64 of PEM, as kubectl writes it. PEM pasted
     * without base64 is accepted too.
     */
    static String decodeDataField(String value, String what) {
        String trimmed = value.strip();
        if (looksLikePem(trimmed)) {
            return trimmed;
        }
        try {
            return new String(Base64.getMimeDecoder().decode(trimmed), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ClientConfigException(what + " is not valid base64 (kubeconfig *-data fields hold base64-encoded PEM)");
        }
    }
}
