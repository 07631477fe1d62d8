package dev.capstan.samples.samplecontroller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's main job with {@code --once}: its own control plane, the CRD, the controller, one Foo. */
class DemoIT {

    @Test
    void theDemoReconcilesItsFooAndExitsCleanlyWithOnce() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Demo.run(List.of("--once"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output).isZero();
        assertThat(output).contains("CRD foos.samplecontroller.capstan.dev installed",
                "Deployment default/example-foo appeared", "reconciled Foo default/example-foo", "done in");
    }
}
