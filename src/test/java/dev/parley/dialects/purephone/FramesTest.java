package dev.parley.dialects.purephone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void aFrameIsAHashNineDigitsOfByteLengthAndTheJson() {
        byte[] frame = Frames.encode("{\"a\":\"ż\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(frame, StandardCharsets.UTF_8)).isEqualTo("#000000010{\"a\":\"ż\"}");
    }

    @Test
    void settingsOutsideTheirRangeStopStartupNamingTheProperty() {
        assertThatThrownBy(() -> new PureProperties(null, 0, null, null, null, null))
                .hasMessageContaining("parley.pure.page-size");
        assertThatThrownBy(() -> new PureProperties(70_000, null, null, null, null, null))
                .hasMessageContaining("parley.pure.tcp-port");
        assertThatThrownBy(() -> new PureProperties(null, null, 10, null, null, null))
                .hasMessageContaining("parley.pure.max-frame-bytes");
        assertThatThrownBy(() -> new PureProperties(null, null, null, Duration.ZERO, null, null))
                .hasMessageContaining("parley.pure.idle-timeout");
        PureProperties defaults = new PureProperties(null, null, null, null, null, null);
        assertThat(defaults.pageSize()).isEqualTo(4);
        assertThat(defaults.tcpPort()).isNull();
    }
}
