package dev.parley.dialects.practice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.NumberedPage;
import dev.parley.dialects.practice.PracticeRows.ConversationRow;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.Tenant;
import dev.parley.tenancy.Tenants;
import dev.parley.testing.SharedApplication;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Walking {@code GET /conversations} page by page, whatever the page size and however many conversations share
 * their last activity, returns every conversation of the location exactly once, in newest-activity order, with
 * the same total on every page.
 */
class PracticePageWalkProperties {

    private static final Instant BASE = Instant.parse("2024-06-01T08:00:00Z");

    @Property(tries = 40)
    void everyConversationComesExactlyOnce(
            @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5) Integer> activitySeconds,
            @ForAll @IntRange(min = 1, max = 8) int perPage) {
        Conversations conversations = SharedApplication.bean(Conversations.class);
        PracticeConversations practice = SharedApplication.bean(PracticeConversations.class);
        Tenant tenant = SharedApplication.bean(Tenants.class).create("Walk", "pwalk-" + System.nanoTime(), "UTC", "US");
        Location location = SharedApplication.bean(Locations.class).create(tenant.id(),
                new Locations.NewLocation("Main", null, null, TestTenant.uniqueNumber(), null, null));
        Set<Long> stored = new HashSet<>();
        for (int second : activitySeconds) {
            stored.add(conversations.record(tenant.id(), new NewMessage(location.id(), Channel.SMS, Direction.INBOUND,
                    TestTenant.uniqueNumber(), location.smsNumber(), null, false, "hi", null, MessageStatus.RECEIVED,
                    BASE.plusSeconds(second), null, null, "test", null, List.of())).conversationId());
        }

        List<Long> walked = new ArrayList<>();
        List<Instant> activity = new ArrayList<>();
        for (int page = 1; page <= activitySeconds.size() + 1; page++) {
            ConversationsQuery query = ConversationsQuery.parse(tenant.subdomain(), Long.toString(location.id()),
                    Integer.toString(page), Integer.toString(perPage), null, null, null, null);
            NumberedPage<ConversationRow> rows = practice.page(tenant.id(), query);
            assertThat(rows.total()).isEqualTo(stored.size());
            if (rows.items().isEmpty()) {
                break;
            }
            assertThat(rows.items().size()).isLessThanOrEqualTo(perPage);
            for (ConversationRow row : rows.items()) {
                walked.add(row.id());
                activity.add(conversations.get(tenant.id(), row.id()).lastActivityAt());
            }
        }

        assertThat(walked).doesNotHaveDuplicates();
        assertThat(new HashSet<>(walked)).isEqualTo(stored);
        assertThat(activity).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }
}
