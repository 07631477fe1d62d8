package dev.capstan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterCredentialsTest {

    @Test
    void toStringNeverShowsKeysOrTokens() {
        ClusterCredentials credentials = new ClusterCredentials("CA-PEM", "CERT-PEM", "SECRET-KEY-PEM", "SECRET-TOKEN", false);
        assertThat(credentials.toString())
                .doesNotContain("SECRET", "CA-PEM", "CERT-PEM")
                .contains("clientKey=<redacted>", "bearerToken=<redacted>", "certificateAuthority=present");
    }

    @Test
    void certificateWithoutKeyIsRefused() {
        assertThatThrownBy(() -> new ClusterCredentials("CA", "CERT", null, null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs its key");
    }

    @Test
    void noCaWithoutInsecureFlagIsRefused() {
        assertThatThrownBy(() -> new ClusterCredentials(null, null, null, "t", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("insecure-skip-tls-verify");
    }
}
