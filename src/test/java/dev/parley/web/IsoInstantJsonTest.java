package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import dev.parley.testing.ParleyIntegrationTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** The application's JSON writes instants through {@link IsoInstantJson}, and a property's own format still wins. */
@ParleyIntegrationTest
class IsoInstantJsonTest {

    @Autowired
    JsonMapper json;

    record Probe() {}

    record Stamped(Instant at, @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant asNumber) {}

    @Test
    void theApplicationsMapperWritesInstantsWithIt() {
        JsonMapper probing = json.rebuild().addModule(new SimpleModule().addSerializer(Probe.class,
                new ValueSerializer<Probe>() {
                    @Override
                    public void serialize(Probe value, JsonGenerator out, SerializationContext context) {
                        out.writeString(context.findValueSerializer(Instant.class).getClass().getSimpleName());
                    }
                })).build();

        assertThat(probing.writeValueAsString(new Probe())).isEqualTo("\"IsoInstantJson\"");
    }

    @Test
    void writesIsoTextAndLeavesAnAnnotatedFormatToJackson() {
        Instant at = Instant.parse("2026-11-27T05:33:35.796123Z");

        assertThat(json.writeValueAsString(new Stamped(at, at)))
                .isEqualTo("{\"at\":\"2026-11-27T05:33:35.796123Z\",\"as_number\":1795757615.796123000}");
    }
}
