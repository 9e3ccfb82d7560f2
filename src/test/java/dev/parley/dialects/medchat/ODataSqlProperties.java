package dev.parley.dialects.medchat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.ContactDraft;
import dev.parley.contacts.Consents;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.SharedApplication;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jooq.DSLContext;

/**
 * For random chats and random filter trees, the rows the SQL translation returns are exactly the rows an
 * evaluation written here, independently, over the rendered chats accepts.
 */
class ODataSqlProperties {

    private static final List<String> NAMES = List.of("Ann Lee", "Annie", "Bob O'Brien", "Lee Ann", "Zoë Park");
    private static final List<String> STATUSES = List.of("open", "pending", "resolved", "snoozed");
    private static final Instant T0 = Instant.parse("2022-10-25T12:00:00Z");

    /** A generated condition: its OData text and the same condition as a predicate over a rendered chat. */
    record Condition(String odata, Predicate<MedChatRows.SmsChat> test) {}

    @Property(tries = 40)
    void sqlAndAnIndependentEvaluationAgree(@ForAll long seed) {
        Random random = new Random(seed);
        TenantId tenant = SharedApplication.bean(Tenants.class).create("OData", "odata-" + System.nanoTime(), "UTC", "US").id();
        List<MedChatRows.SmsChat> chats = makeChats(tenant, random);
        MedChat medChat = SharedApplication.bean(MedChat.class);

        for (int i = 0; i < 15; i++) {
            Condition condition = condition(random, chats, 0);
            Set<Long> fromSql = medChat.chats(tenant, new MedChat.ChatsQuery(condition.odata(), null, "1000", null, null))
                    .stream().map(MedChatRows.SmsChat::id).collect(Collectors.toSet());
            Set<Long> expected = chats.stream().filter(condition.test()).map(MedChatRows.SmsChat::id).collect(Collectors.toSet());
            assertThat(fromSql).as(condition.odata()).isEqualTo(expected);
        }
    }

    private static List<MedChatRows.SmsChat> makeChats(TenantId tenant, Random random) {
        Conversations conversations = SharedApplication.bean(Conversations.class);
        Contacts contacts = SharedApplication.bean(Contacts.class);
        Locations locations = SharedApplication.bean(Locations.class);
        DSLContext db = SharedApplication.bean(DSLContext.class);
        List<Location> sites = List.of(
                locations.create(tenant, new Locations.NewLocation("A", null, null, TestTenant.uniqueNumber(), null, null)),
                locations.create(tenant, new Locations.NewLocation("B", null, null, "+442071838750"
                        .substring(0, 6) + TestTenant.uniqueNumber().substring(6), null, null)));
        int count = 1 + random.nextInt(10);
        for (int i = 0; i < count; i++) {
            String phone = TestTenant.uniqueNumber();
            if (random.nextInt(3) > 0) {
                String name = NAMES.get(random.nextInt(NAMES.size()));
                int space = name.indexOf(' ');
                contacts.create(tenant, new ContactDraft("patient", space < 0 ? name : name.substring(0, space), null,
                        space < 0 ? null : name.substring(space + 1), null, List.of(phone), null, null, null, null));
            }
            Location at = sites.get(random.nextInt(2));
            long id = conversations.record(tenant, new NewMessage(at.id(), Channel.SMS, Direction.INBOUND, phone,
                    at.smsNumber(), null, false, "hi", null, MessageStatus.RECEIVED, T0.plusSeconds(random.nextInt(5) * 3600L),
                    null, null, "test", null, List.of())).conversationId();
            String status = STATUSES.get(random.nextInt(STATUSES.size()));
            db.execute("update conversation set status = ?, snoozed_until = case when ?::text = 'snoozed' then now() end,"
                    + " created_at = ?::timestamptz where tenant_id = ? and conversation_id = ?", status, status,
                    T0.plusSeconds(random.nextInt(4) * 86_400L).toString(), tenant.value(), id);
            if (random.nextInt(4) == 0) {
                SharedApplication.bean(Consents.class).recordOptOut(tenant, "sms", phone, "test", "STOP");
            }
        }
        return SharedApplication.bean(MedChat.class).chats(tenant, new MedChat.ChatsQuery(null, null, "1000", null, null));
    }

    private static Condition condition(Random random, List<MedChatRows.SmsChat> chats, int depth) {
        int choice = random.nextInt(depth >= 3 ? 6 : 8);
        if (choice == 6 || choice == 7) {
            Condition left = condition(random, chats, depth + 1);
            Condition right = condition(random, chats, depth + 1);
            boolean and = choice == 6;
            return new Condition("(" + left.odata() + (and ? " and " : " or ") + right.odata() + ")",
                    and ? left.test().and(right.test()) : left.test().or(right.test()));
        }
        MedChatRows.SmsChat sample = chats.get(random.nextInt(chats.size()));
        return switch (choice) {
            case 0 -> text(random, "Name", sample.name(), MedChatRows.SmsChat::name);
            case 1 -> text(random, "Status", random.nextBoolean() ? sample.status()
                    : List.of("Active", "Ended", "Subscribed", "Unsubscribed").get(random.nextInt(4)), MedChatRows.SmsChat::status);
            case 2 -> text(random, "UserPhoneNumber", sample.userPhoneNumber(), MedChatRows.SmsChat::userPhoneNumber);
            case 3 -> text(random, "OrgPhoneNumber", sample.orgPhoneNumber(), MedChatRows.SmsChat::orgPhoneNumber);
            case 4 -> time(random, random.nextBoolean() ? "CreatedDateTime" : "createddatetime", sample.createdDateTime(),
                    MedChatRows.SmsChat::createdDateTime);
            default -> number(random, sample.id());
        };
    }

    private static Condition text(Random random, String property, String value, java.util.function.Function<MedChatRows.SmsChat, String> get) {
        if (value == null || random.nextInt(5) == 0) {
            boolean eq = random.nextBoolean();
            return new Condition(property + (eq ? " eq null" : " ne null"), c -> eq == (get.apply(c) == null));
        }
        String quoted = "'" + value.replace("'", "''") + "'";
        return switch (random.nextInt(4)) {
            case 0 -> new Condition(property + " eq " + quoted, c -> value.equals(get.apply(c)));
            case 1 -> new Condition(property + " ne " + quoted, c -> !value.equals(get.apply(c)));
            case 2 -> {
                String prefix = value.substring(0, random.nextInt(value.length() + 1));
                yield new Condition("startswith(" + property + ", '" + prefix.replace("'", "''") + "')",
                        c -> get.apply(c) != null && get.apply(c).startsWith(prefix));
            }
            default -> {
                String suffix = value.substring(random.nextInt(value.length() + 1));
                yield new Condition("endswith(" + property + ", '" + suffix.replace("'", "''") + "')",
                        c -> get.apply(c) != null && get.apply(c).endsWith(suffix));
            }
        };
    }

    private static Condition time(Random random, String property, Instant value,
                                  java.util.function.Function<MedChatRows.SmsChat, Instant> get) {
        Instant literal = random.nextBoolean() ? value : T0.plusSeconds(random.nextInt(5) * 43_200L);
        String[] ops = {"eq", "ne", "gt", "ge", "lt", "le"};
        String op = ops[random.nextInt(ops.length)];
        return new Condition(property + " " + op + " " + literal, c -> compare(get.apply(c), literal, op));
    }

    private static Condition number(Random random, long id) {
        long literal = id + random.nextInt(3) - 1;
        String[] ops = {"eq", "ne", "gt", "ge", "lt", "le"};
        String op = ops[random.nextInt(ops.length)];
        return new Condition(literal + " " + flip(op) + " Id", c -> compare(c.id(), literal, op));
    }

    private static <T extends Comparable<T>> boolean compare(T value, T literal, String op) {
        if (value == null) {
            return op.equals("ne");
        }
        int order = value.compareTo(literal);
        return switch (op) {
            case "eq" -> order == 0;
            case "ne" -> order != 0;
            case "gt" -> order > 0;
            case "ge" -> order >= 0;
            case "lt" -> order < 0;
            default -> order <= 0;
        };
    }

    /** The operator that says the same with the operands swapped, to exercise "value op property". */
    private static String flip(String op) {
        return switch (op) {
            case "gt" -> "lt";
            case "ge" -> "le";
            case "lt" -> "gt";
            case "le" -> "ge";
            default -> op;
        };
    }
}
