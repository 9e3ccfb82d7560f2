package dev.parley.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Consents;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.delivery.sms.InboundSms;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.SharedApplication;
import dev.parley.testing.TestTenant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.jooq.DSLContext;

/**
 * A conversation's {@code opted_out} equals the care consent on record for its counterpart, whatever the
 * sequence of consent changes (an inbound STOP or START, a provider's report, the API), new conversations
 * at two locations, and deleted ones; and a change in one tenant never touches another's conversations with
 * the same number.
 */
class OptedOutCopyProperties {

    /** One step: what happens, in which of two tenants, to which of three numbers, at which of two locations. */
    record Step(String action, int tenant, int who, int where) {}

    @Provide
    Arbitrary<Step> steps() {
        return net.jqwik.api.Combinators.combine(
                Arbitraries.of("inbound", "stop", "start", "providerOptOut", "apiOptIn", "deleteConversation"),
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1)).as(Step::new);
    }

    @Property(tries = 30)
    void theCopyEqualsTheConsentAfterAnySequence(@ForAll @Size(max = 20) List<@From("steps") Step> steps) {
        Conversations conversations = SharedApplication.bean(Conversations.class);
        Consents consents = SharedApplication.bean(Consents.class);
        InboundSms inbound = SharedApplication.bean(InboundSms.class);
        DSLContext db = SharedApplication.bean(DSLContext.class);
        Tenants tenants = SharedApplication.bean(Tenants.class);
        Locations locations = SharedApplication.bean(Locations.class);
        TenantId[] tenant = new TenantId[2];
        Location[][] site = new Location[2][2];
        for (int t = 0; t < 2; t++) {
            tenant[t] = tenants.create("Consent clinic", "consent-" + System.nanoTime(), "UTC", "US").id();
            for (int l = 0; l < 2; l++) {
                site[t][l] = locations.create(tenant[t], new Locations.NewLocation("Site " + l, null, null,
                        TestTenant.uniqueNumber(), null, null));
            }
        }
        // The same three numbers text both tenants: a change in one must not reach the other.
        String[] number = {TestTenant.uniqueNumber(), TestTenant.uniqueNumber(), TestTenant.uniqueNumber()};
        Map<String, Boolean> optedOut = new HashMap<>();
        int sid = 0;

        for (Step step : steps) {
            TenantId t = tenant[step.tenant()];
            Location at = site[step.tenant()][step.where()];
            String who = number[step.who()];
            String key = step.tenant() + who;
            switch (step.action()) {
                case "inbound" -> conversations.record(t, new NewMessage(at.id(), Channel.SMS, Direction.INBOUND, who,
                        at.smsNumber(), null, false, "hi", null, MessageStatus.RECEIVED, null, null, null, "test", null,
                        List.of()));
                case "stop", "start" -> {
                    inbound.receive(at, new InboundSms.Received(who, step.action().toUpperCase(), "test",
                            "SMk" + System.nanoTime() + "-" + sid++, List.of()));
                    optedOut.put(key, step.action().equals("stop"));
                }
                case "providerOptOut" -> {
                    consents.recordOptOut(t, "sms", who, "provider", "error 21610");
                    optedOut.put(key, true);
                }
                case "apiOptIn" -> {
                    consents.recordOptIn(t, "sms", who, "api", null);
                    optedOut.put(key, false);
                }
                default -> conversationsWith(conversations, t, who).stream().findFirst()
                        .ifPresent(c -> conversations.deleteConversation(t, c.id()));
            }
            for (int i = 0; i < 2; i++) {
                for (String n : number) {
                    boolean expected = optedOut.getOrDefault(i + n, false);
                    assertThat(conversationsWith(conversations, tenant[i], n)).as("tenant %d, %s after %s", i, n, step)
                            .allSatisfy(c -> assertThat(c.optedOut()).isEqualTo(expected));
                }
            }
        }
        // And against the consent table itself, every conversation of both tenants.
        assertThat(db.fetchValue("""
                select count(*) from conversation c where c.tenant_id in (?, ?) and c.opted_out <> exists (
                  select 1 from consent s where s.tenant_id = c.tenant_id and s.channel = c.channel
                    and s.address = c.counterpart and s.category = 'care' and s.status = 'opted_out')""",
                tenant[0].value(), tenant[1].value())).isEqualTo(0L);
    }

    private static List<Conversation> conversationsWith(Conversations conversations, TenantId tenant, String number) {
        var counterpart = dev.parley.conversations.ConversationColumns.counterpart();
        var filter = new dev.parley.query.QueryResource.BoundFilter("counterpart = ?",
                counterpart.eq(org.jooq.impl.DSL.param("number", String.class)), java.util.Map.of("number", number));
        var unordered = new dev.parley.query.QueryResource.Ordering("", List.of());
        return conversations.find(tenant, Channel.SMS, filter, unordered, 0, 10).stream()
                .map(dev.parley.conversations.FoundConversation::conversation).toList();
    }
}
