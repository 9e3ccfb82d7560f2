package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.ContactDraft;
import dev.parley.contacts.Contacts;
import dev.parley.delivery.MessageSender;
import dev.parley.delivery.SendRequest;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.SharedApplication;
import dev.parley.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.jooq.DSLContext;

/**
 * The counters lists show, and the unread totals, stay equal to a recount, whatever the sequence of sends,
 * arrivals, drafts, reads, unreads, deletions of messages and conversations, and contacts made or deleted for
 * the counterparts (which moves their conversations between known and unknown).
 */
class CounterProperties {

    /** One step: what happens, to which of three counterparts, and which of its messages when one is chosen. */
    record Step(String action, int who, int pick) {}

    @Provide
    Arbitrary<Step> steps() {
        return net.jqwik.api.Combinators.combine(
                Arbitraries.of("inbound", "send", "automated", "read", "unread", "draft", "reviseDraft", "deleteMessage",
                        "deleteConversation", "newContact", "deleteContact"),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 9)).as(Step::new);
    }

    @Property(tries = 40)
    void countersEqualARecountAfterAnySequence(@ForAll @Size(max = 25) List<@net.jqwik.api.From("steps") Step> steps) {
        Conversations conversations = SharedApplication.bean(Conversations.class);
        Contacts contacts = SharedApplication.bean(Contacts.class);
        MessageSender sender = SharedApplication.bean(MessageSender.class);
        DSLContext db = SharedApplication.bean(DSLContext.class);
        TenantId tenant = SharedApplication.bean(Tenants.class)
                .create("Counting clinic", "count-" + System.nanoTime(), "UTC", "US").id();
        Location location = SharedApplication.bean(Locations.class).create(tenant,
                new Locations.NewLocation("Main", null, null, TestTenant.uniqueNumber(), null, null));
        String[] people = {TestTenant.uniqueNumber(), TestTenant.uniqueNumber(), TestTenant.uniqueNumber()};
        Long[] conversationOf = new Long[3];
        List<List<Long>> contactsOf = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        for (Step step : steps) {
            String who = people[step.who()];
            switch (step.action()) {
                case "inbound" -> conversationOf[step.who()] = conversations.record(tenant, new NewMessage(location.id(),
                        Channel.SMS, Direction.INBOUND, who, location.smsNumber(), null, false, "hi", null,
                        MessageStatus.RECEIVED, null, null, null, "test", null, List.of())).conversationId();
                case "send", "automated" -> conversationOf[step.who()] = sender.send(tenant, new SendRequest(location.id(),
                        "sms", who, null, "hello", null, step.action().equals("automated"), null, null)).conversationId();
                case "draft" -> conversationOf[step.who()] = sender.saveDraft(tenant, new SendRequest(location.id(),
                        "sms", who, null, "not yet", null, false, null, null)).conversationId();
                case "reviseDraft" -> {
                    if (conversationOf[step.who()] != null) {
                        conversations.messagesOf(tenant, List.of(conversationOf[step.who()])).stream()
                                .filter(m -> m.status() == MessageStatus.DRAFT).findFirst()
                                .ifPresent(draft -> sender.reviseDraft(tenant, draft.id(), "rewritten"));
                    }
                }
                case "deleteMessage" -> {
                    if (conversationOf[step.who()] != null) {
                        List<Message> messages = conversations.messagesOf(tenant, List.of(conversationOf[step.who()]));
                        Message chosen = messages.get(step.pick() % messages.size());
                        if (conversations.deleteMessage(tenant, chosen.id()).conversationDeleted()) {
                            conversationOf[step.who()] = null;
                        }
                    }
                }
                case "deleteConversation" -> {
                    if (conversationOf[step.who()] != null) {
                        conversations.deleteConversation(tenant, conversationOf[step.who()]);
                        conversationOf[step.who()] = null;
                    }
                }
                case "newContact" -> contactsOf.get(step.who()).add(contacts.create(tenant, new ContactDraft("client",
                        "Client", null, "Of " + who, null, List.of(who), null, null, null, null)).id());
                case "deleteContact" -> {
                    // The oldest goes first: it is the one a conversation is linked to, so the conversation
                    // becomes unknown, or moves to the next contact with the number at its next message.
                    if (!contactsOf.get(step.who()).isEmpty()) {
                        contacts.delete(tenant, contactsOf.get(step.who()).remove(0));
                    }
                }
                case "read" -> {
                    if (conversationOf[step.who()] != null) {
                        conversations.markRead(tenant, conversationOf[step.who()], null);
                    }
                }
                default -> {
                    if (conversationOf[step.who()] != null) {
                        try {
                            conversations.markUnread(tenant, conversationOf[step.who()]);
                        } catch (dev.parley.tenancy.Conflict noInbound) {
                            // Only outbound messages so far: nothing to mark unread, and nothing changes.
                        }
                    }
                }
            }
        }

        var mismatches = db.fetch("""
                select c.conversation_id
                from conversation c
                where c.tenant_id = ?
                  and (c.unread_count <> (select count(*) from message m where m.tenant_id = c.tenant_id
                         and m.conversation_id = c.conversation_id and m.direction = 'inbound' and m.read_at is null)
                    or c.message_count <> (select count(*) from message m where m.tenant_id = c.tenant_id
                         and m.conversation_id = c.conversation_id)
                    or c.last_message_id is distinct from (select m.message_id from message m where m.tenant_id = c.tenant_id
                         and m.conversation_id = c.conversation_id order by m.occurred_at desc, m.message_id desc limit 1)
                    or (c.awaiting_reply_since is not null) <> coalesce((select m.direction = 'inbound' from message m
                         where m.tenant_id = c.tenant_id and m.conversation_id = c.conversation_id
                           and not (m.direction = 'outbound' and (m.automated or m.status = 'draft'))
                         order by m.occurred_at desc, m.message_id desc limit 1), false)
                    or c.message_count = 0)
                """, tenant.value());
        assertThat(mismatches).isEmpty();
        for (int i = 0; i < 3; i++) {
            Long id = conversationOf[i];
            assertThat(db.fetchCount(db.selectFrom("conversation").where("tenant_id = ? and conversation_id = ?",
                    tenant.value(), id == null ? -1 : id))).as("conversation of counterpart " + i).isEqualTo(id == null ? 0 : 1);
        }
        assertThat(db.fetchCount(db.selectFrom("conversation").where("tenant_id = ?", tenant.value())))
                .isEqualTo((int) java.util.Arrays.stream(conversationOf).filter(java.util.Objects::nonNull).count());

        List<UnreadTotal> recount = db.fetch("""
                select c.location_id, c.channel, c.contact_id is not null, count(distinct c.conversation_id), count(*)
                from message m join conversation c on c.tenant_id = m.tenant_id and c.conversation_id = m.conversation_id
                where m.tenant_id = ? and m.direction = 'inbound' and m.read_at is null
                group by 1, 2, 3""", tenant.value())
                .map(r -> new UnreadTotal(r.get(0, Long.class), Channel.of(r.get(1, String.class)), r.get(2, Boolean.class),
                        r.get(3, Long.class), r.get(4, Long.class)));
        assertThat(conversations.unreadTotals(tenant)).containsExactlyInAnyOrderElementsOf(recount);
    }
}
