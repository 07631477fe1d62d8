package dev.capstan.testing;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Private-key PEM normalization: the JDK and Netty read PKCS#8 ({@code PRIVATE KEY}) only,
 * while kubeconfigs also carry PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1
 * ({@code EC PRIVATE KEY}) keys, k3s's among them. This rewraps those into PKCS#8 without
 * any cryptography library.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };
    private static final byte[] EC_PUBLIC_KEY_OID = {
        0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
    };

    private Pem() {}

    /** Returns the key as PKCS#8 PEM; {@code what} names the key in error messages. */
    static String toPkcs8(String pem, String what) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new ControlPlaneException(what + " is not a PEM private key (no BEGIN/END block found)");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new ControlPlaneException(what + " has a corrupt base64 body in its " + type + " block");
        }
        return switch (type) {
            case "PRIVATE KEY" -> pem;
            case "RSA PRIVATE KEY" -> encode(sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, octetString(der))));
            case "EC PRIVATE KEY" -> encode(sequence(concat(new byte[] {0x02, 0x01, 0x00},
                    sequence(concat(EC_PUBLIC_KEY_OID, curveOid(der, what))), octetString(der))));
            case "ENCRYPTED PRIVATE KEY" -> throw new ControlPlaneException(
                    what + " is encrypted; test clusters need an unencrypted key");
            default -> throw new ControlPlaneException(what + " is a PEM '" + type
                    + "' block; expected PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY");
        };
    }

    /** Finds the named-curve OID in the [0] parameters of a SEC1 ECPrivateKey. */
    private static byte[] curveOid(byte[] sec1, String what) {
        int[] outer = header(sec1, 0, what);
        int pos = outer[0];
        int end = outer[0] + outer[1];
        while (pos < end) {
            int tag = sec1[pos] & 0xff;
            int[] h = header(sec1, pos, what);
            if (tag == 0xa0) {
                int[] oid = header(sec1, h[0], what);
                byte[] result = new byte[oid[0] + oid[1] - h[0]];
                System.arraycopy(sec1, h[0], result, 0, result.length);
                return result;
            }
            pos = h[0] + h[1];
        }
        throw new ControlPlaneException(what + " is an EC key without a named curve; re-export it as PKCS#8 "
                + "(openssl pkcs8 -topk8 -nocrypt)");
    }

    /** Returns {contentStart, contentLength} of the DER element at {@code pos}. */
    private static int[] header(byte[] der, int pos, String what) {
        if (pos + 2 > der.length) {
            throw new ControlPlaneException(what + " is truncated DER");
        }
        int len = der[pos + 1] & 0xff;
        int start = pos + 2;
        if (len > 0x80) {
            int n = len - 0x80;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[start + i] & 0xff);
            }
            start += n;
        }
        if (start + len > der.length) {
            throw new ControlPlaneException(what + " is truncated DER");
        }
        return new int[] {start, len};
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] octetString(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String encode(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }
}
