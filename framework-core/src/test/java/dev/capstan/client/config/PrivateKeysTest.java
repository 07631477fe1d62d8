package dev.capstan.client.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.Test;

class PrivateKeysTest {

    private static byte[] der(String fixture) {
        return Pem.decode(Fixtures.text(fixture), fixture).get(0).der();
    }

    private static ECPrivateKey ec(PrivateKeys.Pkcs8 key) throws Exception {
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.der()));
    }

    @Test
    void rsaPkcs1IsRewrappedExactlyAsOpenSslWritesPkcs8() {
        PrivateKeys.Pkcs8 key = PrivateKeys.toPkcs8(Fixtures.text("rsa-pkcs1.key"), "rsa");

        assertThat(key.algorithm()).isEqualTo("RSA");
        assertThat(key.der()).isEqualTo(der("rsa-pkcs8.key"));
        assertThat(key.pem()).isEqualTo(Pem.encode("PRIVATE KEY", der("rsa-pkcs8.key")));
    }

    @Test
    void ecSec1IsRewrappedToTheSameKeyAsOpenSslPkcs8() throws Exception {
        PrivateKeys.Pkcs8 fromSec1 = PrivateKeys.toPkcs8(Fixtures.text("ec-sec1.key"), "ec");
        PrivateKeys.Pkcs8 fromPkcs8 = PrivateKeys.toPkcs8(Fixtures.text("ec-pkcs8.key"), "ec8");

        assertThat(fromSec1.algorithm()).isEqualTo("EC");
        assertThat(ec(fromSec1).getS()).isEqualTo(ec(fromPkcs8).getS());
        assertThat(ec(fromSec1).getParams().getCurve()).isEqualTo(ec(fromPkcs8).getParams().getCurve());
    }

    @Test
    void ecKeyAfterAnEcParametersBlockAndOtherCurvesAreRead() throws Exception {
        assertThat(ec(PrivateKeys.toPkcs8(Fixtures.text("ec-sec1-with-params.key"), "ec")).getS()).isPositive();
        assertThat(ec(PrivateKeys.toPkcs8(Fixtures.text("ec384-sec1.key"), "ec384")).getParams().getOrder().bitLength()).isEqualTo(384);
    }

    @Test
    void pkcs8KeysPassThroughUnchanged() {
        assertThat(PrivateKeys.toPkcs8(Fixtures.text("rsa-pkcs8.key"), "k").der()).isEqualTo(der("rsa-pkcs8.key"));
        assertThat(PrivateKeys.toPkcs8(Fixtures.text("ec-pkcs8.key"), "k").der()).isEqualTo(der("ec-pkcs8.key"));
    }

    @Test
    void clientCertificateNormalizesTheKeyAndChecksThePair() {
        for (String key : new String[] {"rsa-pkcs1.key", "rsa-pkcs8.key"}) {
            Credentials.ClientCertificate c = PrivateKeys.clientCertificate(Fixtures.text("rsa-client.crt"), "cert", Fixtures.text(key), key);
            assertThat(c.privateKeyPkcs8Pem()).isEqualTo(Pem.encode("PRIVATE KEY", der("rsa-pkcs8.key")));
        }
        for (String key : new String[] {"ec-sec1.key", "ec-sec1-with-params.key", "ec-pkcs8.key"}) {
            Credentials.ClientCertificate c = PrivateKeys.clientCertificate(Fixtures.text("ec-client.crt"), "cert", Fixtures.text(key), key);
            assertThat(c.privateKeyPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----");
        }
    }

    @Test
    void mismatchedPairsAreRefused() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> PrivateKeys.clientCertificate(Fixtures.text("rsa-client.crt"),
                "the cert", Fixtures.text("other-rsa-pkcs1.key"), "the key"))).hasMessageStartingWith("the key does not belong to the certificate in the cert");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> PrivateKeys.clientCertificate(Fixtures.text("ec-client.crt"),
                "the cert", Fixtures.text("ec384-sec1.key"), "the key"))).hasMessageContaining("does not belong");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> PrivateKeys.clientCertificate(Fixtures.text("rsa-client.crt"),
                "the cert", Fixtures.text("ec-sec1.key"), "the key"))).hasMessageContaining("the key is EC, the certificate RSA");
    }

    @Test
    void encryptedKeysAreRefusedWithAFix() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> PrivateKeys.toPkcs8(Fixtures.text("encrypted-pkcs8.key"), "k8")))
                .hasMessageContaining("k8 is an encrypted private key").hasMessageContaining("openssl pkey");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> PrivateKeys.toPkcs8(Fixtures.text("encrypted-pkcs1.key"), "k1")))
                .hasMessageContaining("k1 is an encrypted private key");
    }

    @Test
    void corruptKeysAreReportedByNameWithoutTheirContent() {
        String body = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu";
        String[] broken = {
            "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n",
            "-----BEGIN EC PRIVATE KEY-----\n" + body + "\n-----END EC PRIVATE KEY-----\n",
            "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n",
            "-----BEGIN RSA PRIVATE KEY-----\n%%%%\n-----END RSA PRIVATE KEY-----\n",
            body,
        };
        for (String pem : broken) {
            ClientConfigException error = catchThrowableOfType(ClientConfigException.class, () -> {
                PrivateKeys.Pkcs8 key = PrivateKeys.toPkcs8(pem, "client-key-data of user 'u'");
                PrivateKeys.load(key, "client-key-data of user 'u'");
            });
            assertThat(error).as(pem).hasMessageStartingWith("client-key-data of user 'u'");
            Fixtures.assertNoSecrets(error, body.substring(10, 30));
        }
    }

    @Test
    void aCertificateWhereAKeyBelongsIsNotAKey() {
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> PrivateKeys.toPkcs8(Fixtures.text("ca.crt"), "k")))
                .hasMessageContaining("holds no private key");
        assertThat(catchThrowableOfType(ClientConfigException.class, () -> Pem.certificates(Fixtures.text("rsa-pkcs1.key"), "c")))
                .hasMessageContaining("holds a private key where a certificate was expected");
    }

    @Test
    void derObjectIdentifiersRoundTrip() {
        for (String oid : new String[] {"1.2.840.113549.1.1.1", "1.2.840.10045.3.1.7", "1.3.132.0.34", "2.999.1"}) {
            assertThat(Der.oidToString(Der.read(Der.oid(oid)))).isEqualTo(oid);
        }
    }
}
