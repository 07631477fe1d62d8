package dev.capstan.events;

import dev.capstan.api.KubernetesObject;
import dev.capstan.api.core.v1.ObjectReference;
import dev.capstan.api.meta.v1.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/** The API server's limits on {@code events.k8s.io/v1} fields, and how the recorder fills them. */
final class EventFields {
    private EventFields() {}

    /** {@code reason} and {@code action}: at most 128 bytes (the API counts bytes of UTF-8). */
    static final int MAX_REASON_BYTES = 128;
    static final int MAX_ACTION_BYTES = 128;
    static final int MAX_INSTANCE_BYTES = 128;
    /** {@code note}: at most 1 KiB. */
    static final int MAX_NOTE_BYTES = 1024;
    /** A DNS subdomain, the longest object name. */
    static final int MAX_NAME_CHARS = 253;
    /** The namespace of Events about cluster-scoped objects, as the API server requires. */
    static final String CLUSTER_SCOPED_NAMESPACE = "default";

    private static final Pattern NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * {@code s} if it fits in {@code maxBytes} of UTF-8, else its longest prefix that fits together
     * with {@code ellipsis}, cut between code points, followed by {@code ellipsis}.
     */
    static String truncateUtf8(String s, int maxBytes, String ellipsis) {
        if (utf8Length(s) <= maxBytes) {
            return s;
        }
        int budget = maxBytes - ellipsis.getBytes(StandardCharsets.UTF_8).length;
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return s.substring(0, end) + ellipsis;
    }

    /** The note as written: cut to 1024 bytes, ending in {@code ...} when cut. */
    static String note(String message) {
        return truncateUtf8(message, MAX_NOTE_BYTES, "...");
    }

    /** Refuses anything the API server's qualified-name validation would refuse. */
    static void checkQualifiedName(String value, String field) {
        Objects.requireNonNull(value, field);
        String name = value;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            String prefix = value.substring(0, slash);
            name = value.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > MAX_NAME_CHARS || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                throw new IllegalArgumentException(field + " must be a qualified name: the prefix of '" + value
                        + "' is not a DNS subdomain (lower case letters, digits, '-' and '.')");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME_PART.matcher(name).matches()) {
            throw new IllegalArgumentException(field + " must be a qualified name such as 'example.com/my-controller': '"
                    + value + "' is not (at most 63 characters of [A-Za-z0-9_.-] after the optional prefix, "
                    + "alphanumeric at both ends)");
        }
    }

    /** Refuses a blank or over-long {@code reason} or {@code action}. */
    static void checkShortField(String value, String field, int maxBytes) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (utf8Length(value) > maxBytes) {
            throw new IllegalArgumentException(field + " must be at most " + maxBytes + " bytes, was " + utf8Length(value)
                    + ": '" + value + "'");
        }
    }

    /**
     * A reference to {@code object} (apiVersion, kind, namespace, name, uid, resourceVersion).
     *
     * @throws IllegalArgumentException naming {@code role} if the object lacks a kind, an
     *     apiVersion, metadata or a name
     */
    static ObjectReference reference(KubernetesObject object, String role) {
        if (object == null) {
            throw new IllegalArgumentException(role + " object must not be null");
        }
        String kind = object.kind();
        String apiVersion = object.apiVersion();
        ObjectMeta metadata = object.metadata();
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException(role + " object has no kind");
        }
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new IllegalArgumentException(role + " " + kind + " has no apiVersion");
        }
        if (metadata == null || metadata.name() == null || metadata.name().isBlank()) {
            throw new IllegalArgumentException(role + " " + kind + " has no metadata.name");
        }
        String namespace = metadata.namespace() == null || metadata.namespace().isEmpty() ? null : metadata.namespace();
        return ObjectReference.builder().apiVersion(apiVersion).kind(kind).namespace(namespace).name(metadata.name())
                .uid(metadata.uid()).resourceVersion(metadata.resourceVersion()).build();
    }

    /** The reference without its resourceVersion: which object, not which version of it. */
    static ObjectReference identity(ObjectReference reference) {
        return reference.resourceVersion() == null ? reference : reference.toBuilder().resourceVersion(null).build();
    }

    /** Where an Event about {@code regarding} lives: its namespace, or {@code default} when cluster-scoped. */
    static String namespaceFor(ObjectReference regarding) {
        return regarding.namespace() == null ? CLUSTER_SCOPED_NAMESPACE : regarding.namespace();
    }

    /** {@code <regarding-name>.<suffix in hex>}, the regarding name cut so the whole fits in 253 characters. */
    static String eventName(String regardingName, long suffix) {
        String hex = Long.toHexString(suffix);
        int room = MAX_NAME_CHARS - hex.length() - 1;
        String prefix = regardingName;
        if (prefix.length() > room) {
            int end = room;
            while (end > 0 && !Character.isLetterOrDigit(prefix.charAt(end - 1))) {
                end--; // a cut name must still end in an alphanumeric before the '.'
            }
            prefix = prefix.substring(0, end);
        }
        return prefix + "." + hex;
    }
}
