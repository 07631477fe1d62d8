package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemTest {

    @Test
    void sec1EcKeyBecomesTheSamePkcs8KeyOpensslWrites() throws Exception {
        ECPrivateKey converted = (ECPrivateKey) decode("EC", Pem.toPkcs8(resource("ec-sec1.pem"), "key"));
        ECPrivateKey expected = (ECPrivateKey) decode("EC", resource("ec-pkcs8.pem"));
        assertThat(converted.getS()).isEqualTo(expected.getS());
        assertThat(converted.getParams().getCurve()).isEqualTo(expected.getParams().getCurve());
    }

    @Test
    void pkcs1RsaKeyBecomesTheSamePkcs8KeyOpensslWrites() throws Exception {
        RSAPrivateCrtKey converted = (RSAPrivateCrtKey) decode("RSA", Pem.toPkcs8(resource("rsa-pkcs1.pem"), "key"));
        RSAPrivateCrtKey expected = (RSAPrivateCrtKey) decode("RSA", resource("rsa-pkcs8.pem"));
        assertThat(converted.getModulus()).isEqualTo(expected.getModulus());
        assertThat(converted.getPrivateExponent()).isEqualTo(expected.getPrivateExponent());
    }

    @Test
    void pkcs8KeyIsReturnedUnchanged() throws Exception {
        String pem = resource("ec-pkcs8.pem");
        assertThat(Pem.toPkcs8(pem, "key")).isSameAs(pem);
    }

    @Test
    void encryptedKeyIsRefusedWithAReason() {
        assertThatThrownBy(() -> Pem.toPkcs8("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
                "client-key-data of user 'ci'"))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessage("client-key-data of user 'ci' is encrypted; test clusters need an unencrypted key");
    }

    @Test
    void textWithoutPemBlockIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> Pem.toPkcs8("not a key", "the client key"))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("the client key is not a PEM private key");
    }

    @Test
    void certificateInPlaceOfKeyIsRefusedNamingTheBlockType() {
        assertThatThrownBy(() -> Pem.toPkcs8("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "k"))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("'CERTIFICATE'");
    }

    @Test
    void truncatedSec1KeyIsRefusedInsteadOfThrowingIndexErrors() {
        String truncated = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n";
        assertThatThrownBy(() -> Pem.toPkcs8(truncated, "k"))
                .isInstanceOf(ControlPlaneException.class)
                .hasMessageContaining("truncated");
    }

    private static PrivateKey decode(String algorithm, String pem) throws Exception {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PemTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
