package dev.parley.dialects.purephone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.RecordedMessage;
import dev.parley.templates.Templates;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.Scope;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.Http;
import dev.parley.testing.SharedApplication;
import dev.parley.testing.TestTenant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import tools.jackson.databind.JsonNode;

/**
 * Walking a list the phone's way (ask for what you want; go on from {@code nextPage} toward it) returns every
 * entry exactly once, in the list's order, never more than a page at a time, and stops where it should.
 */
class PagingWalkProperties {

    @Property(tries = 2000)
    void theNextPageRuleWalksEveryEntryOnce(@ForAll @IntRange(max = 60) int total, @ForAll @IntRange(max = 70) int offset,
                                            @ForAll @IntRange(max = 100) int limit,
                                            @ForAll @IntRange(min = 1, max = 10) int pageSize) {
        List<Long> walked = new ArrayList<>();
        long from = offset;
        for (int request = 0; request <= 200; request++) {
            long asked = limit - walked.size();
            int returned = (int) Math.max(0, Math.min(Math.min(asked, pageSize), total - from));
            LongStream.range(from, from + returned).forEach(walked::add);
            Optional<Paging.NextPage> next = Paging.next(from, asked, returned, total, pageSize);
            if (next.isEmpty()) {
                break;
            }
            assertThat(next.get().offset()).isEqualTo(from + returned);
            assertThat(next.get().limit()).isBetween(1L, (long) pageSize);
            from = next.get().offset();
        }
        long end = Math.min(total, (long) offset + limit);
        assertThat(walked).containsExactlyElementsOf(LongStream.range(Math.min(offset, end), end).boxed().toList());
    }

    @Property(tries = 15)
    void everyListWalksItsEntriesOnceInItsOrder(@ForAll @IntRange(max = 12) int messages,
                                                @ForAll @IntRange(max = 10) int templateCount,
                                                @ForAll @IntRange(min = 1, max = 20) int want) {
        Conversations conversations = SharedApplication.bean(Conversations.class);
        PureProtocol protocol = SharedApplication.bean(PureProtocol.class);
        TenantId tenant = SharedApplication.bean(Tenants.class).create("Walk", "purewalk-" + System.nanoTime(), "UTC", "US").id();
        Location location = SharedApplication.bean(Locations.class).create(tenant,
                new Locations.NewLocation("Main", null, null, TestTenant.uniqueNumber(), null, null));
        PureSession session = new PureSession(new Caller(tenant, 0, Set.of(Scope.ADMIN), location.id()), location);
        String[] people = {TestTenant.uniqueNumber(), TestTenant.uniqueNumber(), TestTenant.uniqueNumber()};
        Instant base = Instant.parse("2024-01-01T00:00:00Z");
        List<RecordedMessage> stored = new ArrayList<>();
        Map<Long, List<Long>> byThread = new LinkedHashMap<>();
        for (int i = 0; i < messages; i++) {
            RecordedMessage m = conversations.record(tenant, new NewMessage(location.id(), Channel.SMS, Direction.INBOUND,
                    people[(i * 7) % 3], location.smsNumber(), null, false, "m" + i, null, MessageStatus.RECEIVED,
                    base.plusSeconds(i), null, null, "test", null, List.of()));
            stored.add(m);
            byThread.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m.id());
        }
        List<Long> templates = new ArrayList<>();
        for (int i = 0; i < templateCount; i++) {
            templates.add(SharedApplication.bean(Templates.class).create(tenant, null, "t" + i, null, null).id());
        }

        List<Long> newestFirst = stored.stream().map(RecordedMessage::id).sorted(Comparator.reverseOrder()).toList();
        assertThat(walk(protocol, session, "\"category\": \"message\"", "messageID", want))
                .containsExactlyElementsOf(newestFirst.subList(0, Math.min(want, newestFirst.size())));
        List<Long> threadsNewestFirst = new ArrayList<>(byThread.keySet());
        threadsNewestFirst.sort(Comparator.comparing((Long t) -> byThread.get(t).get(byThread.get(t).size() - 1)).reversed());
        assertThat(walk(protocol, session, "\"category\": \"thread\"", "threadID", want))
                .containsExactlyElementsOf(threadsNewestFirst.subList(0, Math.min(want, threadsNewestFirst.size())));
        for (var thread : byThread.entrySet()) {
            List<Long> oldestFirst = thread.getValue();
            assertThat(walk(protocol, session, "\"category\": \"message\", \"threadID\": " + thread.getKey(), "messageID", want))
                    .containsExactlyElementsOf(oldestFirst.subList(0, Math.min(want, oldestFirst.size())));
        }
        assertThat(walk(protocol, session, "\"category\": \"template\"", "templateID", want))
                .containsExactlyElementsOf(templates.subList(0, Math.min(want, templates.size())));
    }

    /** Asks for {@code want} entries from the start and goes on from each nextPage toward them. */
    private static List<Long> walk(PureProtocol protocol, PureSession session, String category, String idField, int want) {
        List<Long> walked = new ArrayList<>();
        long offset = 0;
        for (int request = 0; request <= want; request++) {
            String envelope = "{\"endpoint\": 8, \"method\": 1, \"uuid\": " + request + ", \"body\": {" + category
                    + ", \"offset\": " + offset + ", \"limit\": " + (want - walked.size()) + "}}";
            JsonNode answer = Http.JSON.readTree(new String(protocol.answer(session, envelope.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8));
            assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(200);
            JsonNode entries = answer.get("body").get("entries");
            assertThat(entries.size()).isLessThanOrEqualTo(4);
            entries.forEach(e -> walked.add(e.get(idField).asLong()));
            JsonNode next = answer.get("body").get("nextPage");
            if (next == null) {
                return walked;
            }
            offset = next.get("offset").asLong();
        }
        throw new AssertionError("the walk did not end");
    }
}
