package dev.capstan.client.config;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few DER (ASN.1) operations that re-wrapping a private key needs: read a TLV tree, write a
 * TLV, encode and decode object identifiers. Definite lengths only; that is all DER allows.
 *
 * <p>Errors are {@link IllegalArgumentException}s whose messages describe the structure, never
 * the bytes, so callers may put them in user-facing messages.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} constructed, as in the optional fields of SEC1's ECPrivateKey. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {}

    /**
     * One element: {@code tag}, and its encoding occupying {@code source[start, end)}, of which the
     * content starts at {@code contentStart}.
     */
    record Element(int tag, byte[] source, int start, int contentStart, int end) {

        byte[] content() {
            return Arrays.copyOfRange(source, contentStart, end);
        }

        /** The whole encoding (tag, length and content), for copying an element unchanged. */
        byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        /** The elements inside a constructed element. */
        List<Element> children() {
            if ((tag & 0x20) == 0) {
                throw new IllegalArgumentException("a primitive element has no children");
            }
            return readAll(source, contentStart, end);
        }

        Element expect(int expectedTag, String what) {
            if (tag != expectedTag) {
                throw new IllegalArgumentException(String.format("expected %s (tag 0x%02x) but found tag 0x%02x", what, expectedTag, tag));
            }
            return this;
        }
    }

    /** Reads exactly one element spanning all of {@code der}. */
    static Element read(byte[] der) {
        List<Element> all = readAll(der, 0, der.length);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one DER element but found " + all.size());
        }
        return all.get(0);
    }

    private static List<Element> readAll(byte[] source, int from, int to) {
        List<Element> elements = new ArrayList<>();
        int position = from;
        while (position < to) {
            int start = position;
            int tag = source[position++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                throw new IllegalArgumentException("multi-byte DER tags are not used by key formats");
            }
            if (position >= to) {
                throw new IllegalArgumentException("DER element is truncated");
            }
            int first = source[position++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 4) {
                    throw new IllegalArgumentException("DER length is indefinite or too large");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    if (position >= to) {
                        throw new IllegalArgumentException("DER length is truncated");
                    }
                    length = (length << 8) | (source[position++] & 0xFF);
                }
            }
            if (length > to - position) {
                throw new IllegalArgumentException("DER element is longer than its container");
            }
            int end = position + (int) length;
            elements.add(new Element(tag, source, start, position, end));
            position = end;
        }
        return elements;
    }

    /** Encodes one element with {@code tag} whose content is the concatenation of {@code parts}. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.size() + 6);
        out.write(tag);
        int length = content.size();
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** The encoding of the object identifier in dotted form, tag included. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("an OID has at least two arcs");
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        writeBase128(content, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeBase128(content, Long.parseLong(arcs[i]));
        }
        return encode(OBJECT_IDENTIFIER, content.toByteArray());
    }

    private static void writeBase128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) ((value >>> (7 * i)) & 0x7F);
            out.write(i == 0 ? group : group | 0x80);
        }
    }

    /** The dotted form of an OBJECT IDENTIFIER element. */
    static String oidToString(Element oid) {
        oid.expect(OBJECT_IDENTIFIER, "an object identifier");
        byte[] content = oid.content();
        StringBuilder dotted = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (byte b : content) {
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    dotted.append(top).append('.').append(value - top * 40);
                    first = false;
                } else {
                    dotted.append('.').append(value);
                }
                value = 0;
            }
        }
        if (first || (content[content.length - 1] & 0x80) != 0) {
            throw new IllegalArgumentException("malformed object identifier");
        }
        return dotted.toString();
    }
}
