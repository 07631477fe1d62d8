package dev.capstan.client.config;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

/**
 * Reads PEM private keys in the forms kubeconfigs carry and normalizes them to unencrypted PKCS#8,
 * the only form the JDK's {@link KeyFactory} (and so the TLS stack) reads; and builds
 * {@link Credentials.ClientCertificate}s from a certificate and its key.
 *
 * <h2>Implementation notes</h2>
 * kubeadm, kind and OpenSSL's defaults write RSA keys as PKCS#1 ({@code RSA PRIVATE KEY}) and EC
 * keys as SEC1 ({@code EC PRIVATE KEY}, often after an {@code EC PARAMETERS} block). Both are
 * the inner structure of a PKCS#8 {@code PrivateKeyInfo}:
 * <pre>
 * PrivateKeyInfo ::= SEQUENCE { version INTEGER (0),
 *                               algorithm SEQUENCE { OID, parameters },
 *                               privateKey OCTET STRING (the PKCS#1 or SEC1 encoding) }
 * </pre>
 * so re-wrapping needs no cryptography: for RSA the algorithm is {@code rsaEncryption} with NULL
 * parameters; for EC it is {@code id-ecPublicKey} with the curve taken from the SEC1 key's
 * {@code [0]} field, or from the preceding {@code EC PARAMETERS} block when the key omits it.
 * The result is then loaded with {@link KeyFactory} to prove it is a valid key, and checked
 * against the certificate's public key, so a mismatched pair fails here with a clear message
 * rather than in a TLS handshake.
 */
final class PrivateKeys {

    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    private static final String ED25519 = "1.3.101.112";
    private static final String ED448 = "1.3.101.113";
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";

    private PrivateKeys() {}

    /** A key in PKCS#8 DER and the JDK algorithm name that reads it. */
    record Pkcs8(byte[] der, String algorithm) {
        String pem() {
            return Pem.encode("PRIVATE KEY", der);
        }
    }

    /**
     * Builds client-certificate credentials: validates the certificate chain, converts the key to
     * PKCS#8, and checks that the key belongs to the first certificate.
     */
    static Credentials.ClientCertificate clientCertificate(String certificatePem, String certificateWhat, String keyPem, String keyWhat) {
        List<X509Certificate> chain = Pem.certificates(certificatePem, certificateWhat);
        Pkcs8 key = toPkcs8(keyPem, keyWhat);
        PrivateKey privateKey = load(key, keyWhat);
        checkMatches(privateKey, chain.get(0), keyWhat, certificateWhat);
        return new Credentials.ClientCertificate(Pem.normalizeCertificates(certificatePem, certificateWhat), key.pem());
    }

    /**
     * Converts the first private key in {@code pem} to PKCS#8.
     *
     * @throws ClientConfigException naming {@code what} if there is no key, it is encrypted, or it
     *     is malformed; the message never quotes the key
     */
    static Pkcs8 toPkcs8(String pem, String what) {
        byte[] curveParameters = null;
        for (Pem.Block block : Pem.decode(pem, what)) {
            String procType = block.headers().getOrDefault("Proc-Type", "");
            if (procType.contains("ENCRYPTED") || block.type().equals("ENCRYPTED PRIVATE KEY")) {
                throw new ClientConfigException(what + " is an encrypted private key; Capstan needs it unencrypted"
                        + " (for example: openssl pkey -in encrypted.key -out plain.key)");
            }
            try {
                switch (block.type()) {
                    case "EC PARAMETERS":
                        curveParameters = Der.read(block.der()).encoded();
                        break;
                    case "PRIVATE KEY":
                        return new Pkcs8(block.der(), algorithmOfPkcs8(block.der(), what));
                    case "RSA PRIVATE KEY":
                        Der.read(block.der()).expect(Der.SEQUENCE, "an RSAPrivateKey sequence");
                        return new Pkcs8(wrap(Der.encode(Der.SEQUENCE, Der.oid(RSA_ENCRYPTION), Der.encode(Der.NULL)), block.der()), "RSA");
                    case "EC PRIVATE KEY":
                        return new Pkcs8(wrapSec1(block.der(), curveParameters, what), "EC");
                    default:
                        if (block.type().endsWith("PRIVATE KEY")) {
                            throw new ClientConfigException(what + " is a '" + block.type() + "' key, which Capstan cannot read;"
                                    + " convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)");
                        }
                }
            } catch (IllegalArgumentException e) {
                // Der's messages describe structure only, never content.
                throw new ClientConfigException(what + " has a malformed '" + block.type() + "' block: " + e.getMessage());
            }
        }
        throw new ClientConfigException(what + " holds no private key (expected a PEM block 'RSA PRIVATE KEY',"
                + " 'EC PRIVATE KEY' or 'PRIVATE KEY')");
    }

    private static byte[] wrap(byte[] algorithmIdentifier, byte[] innerKey) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), algorithmIdentifier, Der.encode(Der.OCTET_STRING, innerKey));
    }

    /** SEC1 ECPrivateKey: SEQUENCE { INTEGER 1, OCTET STRING key, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }. */
    private static byte[] wrapSec1(byte[] sec1, byte[] separateParameters, String what) {
        List<Der.Element> fields = Der.read(sec1).expect(Der.SEQUENCE, "an ECPrivateKey sequence").children();
        if (fields.size() < 2) {
            throw new IllegalArgumentException("an ECPrivateKey has at least a version and a key");
        }
        fields.get(0).expect(Der.INTEGER, "the ECPrivateKey version");
        fields.get(1).expect(Der.OCTET_STRING, "the EC private key octets");
        byte[] parameters = separateParameters;
        for (Der.Element field : fields.subList(2, fields.size())) {
            if (field.tag() == Der.CONTEXT_0) {
                List<Der.Element> inner = field.children();
                if (inner.size() != 1) {
                    throw new IllegalArgumentException("the ECPrivateKey parameters field holds " + inner.size() + " elements");
                }
                parameters = inner.get(0).encoded();
            }
        }
        if (parameters == null) {
            throw new ClientConfigException(what + " is an EC key that does not name its curve (no parameters in the key"
                    + " and no 'EC PARAMETERS' block before it)");
        }
        return wrap(Der.encode(Der.SEQUENCE, Der.oid(EC_PUBLIC_KEY), parameters), sec1);
    }

    private static String algorithmOfPkcs8(byte[] der, String what) {
        List<Der.Element> fields = Der.read(der).expect(Der.SEQUENCE, "a PrivateKeyInfo sequence").children();
        if (fields.size() < 3) {
            throw new IllegalArgumentException("a PrivateKeyInfo has a version, an algorithm and a key");
        }
        List<Der.Element> algorithm = fields.get(1).expect(Der.SEQUENCE, "an AlgorithmIdentifier").children();
        if (algorithm.isEmpty()) {
            throw new IllegalArgumentException("the AlgorithmIdentifier is empty");
        }
        String oid = Der.oidToString(algorithm.get(0));
        switch (oid) {
            case RSA_ENCRYPTION:
                return "RSA";
            case EC_PUBLIC_KEY:
                return "EC";
            case ED25519:
            case ED448:
            case RSASSA_PSS:
                throw new ClientConfigException(what + " is an " + (oid.equals(RSASSA_PSS) ? "RSASSA-PSS" : "EdDSA")
                        + " key; client certificates must use RSA or EC keys");
            default:
                throw new ClientConfigException(what + " is a key of an unsupported algorithm (OID " + oid + "); use RSA or EC");
        }
    }

    /** Loads a PKCS#8 key, proving it is well formed. */
    static PrivateKey load(Pkcs8 key, String what) {
        try {
            return KeyFactory.getInstance(key.algorithm()).generatePrivate(new PKCS8EncodedKeySpec(key.der()));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Deliberately no cause: a provider's message might describe key material.
            throw new ClientConfigException(what + " is not a valid " + key.algorithm() + " private key");
        }
    }

    /** Fails unless {@code key} is the private half of {@code certificate}'s public key. */
    static void checkMatches(PrivateKey key, X509Certificate certificate, String keyWhat, String certificateWhat) {
        PublicKey publicKey = certificate.getPublicKey();
        String mismatch = keyWhat + " does not belong to the certificate in " + certificateWhat
                + " (subject " + certificate.getSubjectX500Principal().getName() + "); use the key the certificate was issued for";
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw new ClientConfigException(mismatch + " (the key is " + key.getAlgorithm() + ", the certificate " + publicKey.getAlgorithm() + ")");
        }
        if (key instanceof RSAPrivateCrtKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
            if (!rsa.getModulus().equals(rsaPublic.getModulus()) || !rsa.getPublicExponent().equals(rsaPublic.getPublicExponent())) {
                throw new ClientConfigException(mismatch);
            }
            return;
        }
        if (key.getAlgorithm().equals("EC")) {
            try {
                byte[] challenge = new byte[32];
                new SecureRandom().nextBytes(challenge);
                Signature signer = Signature.getInstance("SHA256withECDSA");
                signer.initSign(key);
                signer.update(challenge);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance("SHA256withECDSA");
                verifier.initVerify(publicKey);
                verifier.update(challenge);
                if (!verifier.verify(signature)) {
                    throw new ClientConfigException(mismatch);
                }
            } catch (GeneralSecurityException e) {
                throw new ClientConfigException(mismatch + " (the key cannot sign for the certificate's curve)");
            }
        }
    }
}
