package dev.capstan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CapstanTest {

    @Test
    void versionIsTheMavenProjectVersion() {
        assertThat(Capstan.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?").doesNotContain("${");
    }

    @Test
    void userAgentNamesCapstanAndItsVersion() {
        assertThat(Capstan.userAgent()).isEqualTo("capstan/" + Capstan.version());
    }
}
