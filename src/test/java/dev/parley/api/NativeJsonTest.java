package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.api.ConversationController.ContactRef;
import dev.parley.api.ConversationController.ConversationItem;
import dev.parley.api.MessageView.AttachmentView;
import dev.parley.api.MessageView.SeenView;
import dev.parley.api.MessageView.StatusView;
import dev.parley.testing.ParleyIntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.bean.BeanSerializerBase;

/**
 * The inbox's records written by hand ({@link NativeJson}) are the text Jackson's bean serializer writes for them
 * with the application's own settings, for thousands of values: nulls and not, empty and full lists, instants of
 * every precision, text that JSON must escape.
 */
@ParleyIntegrationTest
class NativeJsonTest {

    private static final int VALUES = 2000;
    private static final String[] TEXTS = {"", "Rex is due for his booster", "say \"hi\"", "back\\slash", "tab\there",
        "line\nbreak", "\u0001\u001f", "café", "狗", "🐶 woof", "\u2028", "</script>", "+15550100", "a@b.example"};

    /** Takes the records' annotations' place, so that the bean serializer writes them. */
    @JsonSerialize
    interface BeanSerialized {}

    record Probe() {}

    @Autowired
    JsonMapper json;

    private JsonMapper beanSerializing() {
        return json.rebuild().addMixIn(MessageView.class, BeanSerialized.class)
                .addMixIn(ConversationItem.class, BeanSerialized.class).build();
    }

    @Test
    void theComparisonIsWithJacksonsBeanSerializer() {
        assertThat(serializerOf(json, MessageView.class)).isInstanceOf(NativeJson.MessageWriter.class);
        assertThat(serializerOf(json, ConversationItem.class)).isInstanceOf(NativeJson.ConversationWriter.class);
        assertThat(serializerOf(beanSerializing(), MessageView.class)).isInstanceOf(BeanSerializerBase.class);
        assertThat(serializerOf(beanSerializing(), ConversationItem.class)).isInstanceOf(BeanSerializerBase.class);
    }

    @Test
    void messagesAreWrittenAsTheBeanSerializerWritesThem() {
        writtenAlike(new Random(45), NativeJsonTest::message);
    }

    @Test
    void conversationsAreWrittenAsTheBeanSerializerWritesThem() {
        writtenAlike(new Random(46), NativeJsonTest::conversation);
    }

    private void writtenAlike(Random random, Function<Random, Object> values) {
        JsonMapper beans = beanSerializing();
        for (int i = 0; i < VALUES; i++) {
            Object value = values.apply(random);
            assertThat(json.writeValueAsString(value)).isEqualTo(beans.writeValueAsString(value));
        }
    }

    @Test
    void aPageOfThemToo() {
        Random random = new Random(47);
        var page = new ConversationController.ItemPage<>(List.of(conversation(random), conversation(random)), "c1");

        assertThat(json.writeValueAsString(page)).isEqualTo(beanSerializing().writeValueAsString(page));
    }

    private static ValueSerializer<?> serializerOf(JsonMapper mapper, Class<?> type) {
        ValueSerializer<?>[] found = new ValueSerializer<?>[1];
        JsonMapper probing = mapper.rebuild().addModule(new SimpleModule().addSerializer(Probe.class,
                new ValueSerializer<Probe>() {
                    @Override
                    public void serialize(Probe value, JsonGenerator out, SerializationContext context) {
                        found[0] = context.findValueSerializer(type);
                        out.writeNull();
                    }
                })).build();
        probing.writeValueAsString(new Probe());
        return found[0];
    }

    private static ConversationItem conversation(Random r) {
        ContactRef contact = r.nextInt(4) == 0 ? null
                : new ContactRef(r.nextLong(), text(r), maybe(r, () -> text(r)), maybe(r, () -> text(r)));
        return new ConversationItem(r.nextLong(), r.nextLong(), text(r), text(r), contact, text(r),
                maybe(r, () -> instant(r)), maybe(r, r::nextLong), maybe(r, () -> list(r, () -> text(r))),
                r.nextInt(), r.nextInt(), maybe(r, () -> instant(r)), maybe(r, () -> instant(r)),
                maybe(r, () -> message(r)), instant(r), maybe(r, () -> instant(r)));
    }

    private static MessageView message(Random r) {
        return new MessageView(r.nextLong(), r.nextLong(), r.nextLong(), maybe(r, r::nextLong), text(r), text(r),
                r.nextBoolean(), maybe(r, () -> text(r)), maybe(r, () -> text(r)), text(r), text(r), text(r),
                maybe(r, () -> text(r)), maybe(r, () -> text(r)), maybe(r, () -> text(r)), maybe(r, () -> text(r)),
                maybe(r, () -> instant(r)), instant(r), instant(r), maybe(r, () -> instant(r)), r.nextBoolean(),
                maybe(r, () -> instant(r)), maybe(r, r::nextLong), maybe(r, r::nextLong),
                maybe(r, () -> list(r, () -> maybe(r, () -> text(r)))),
                maybe(r, () -> list(r, () -> new AttachmentView(text(r), maybe(r, () -> text(r)),
                        maybe(r, () -> text(r)), maybe(r, () -> text(r)), maybe(r, r::nextLong), maybe(r, () -> text(r))))),
                maybe(r, () -> list(r, () -> new SeenView(r.nextLong(), maybe(r, () -> instant(r))))),
                maybe(r, () -> list(r, () -> new StatusView(text(r), maybe(r, () -> text(r)), maybe(r, () -> text(r)),
                        maybe(r, () -> text(r)), maybe(r, () -> instant(r))))));
    }

    /** Whole seconds, milliseconds, microseconds (PostgreSQL's) and nanoseconds, from year 1 to 9999. */
    private static Instant instant(Random r) {
        long seconds = r.nextLong(-62_100_000_000L, 253_400_000_000L);
        int nano = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1_000;
            default -> r.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nano);
    }

    private static String text(Random r) {
        StringBuilder text = new StringBuilder(TEXTS[r.nextInt(TEXTS.length)]);
        if (r.nextBoolean()) {
            text.append(TEXTS[r.nextInt(TEXTS.length)]).append((char) r.nextInt(0x20, 0x3000));
        }
        return text.toString();
    }

    private static <T> List<T> list(Random r, Supplier<T> element) {
        List<T> list = new ArrayList<>();
        for (int n = r.nextInt(4); n > 0; n--) {
            list.add(element.get());
        }
        return list;
    }

    /** {@code null} one time in three. */
    private static <T> T maybe(Random r, Supplier<T> value) {
        return r.nextInt(3) == 0 ? null : value.get();
    }
}
