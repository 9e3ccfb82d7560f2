package dev.parley.dialects.vetportal;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Walking a number's SMS history with {@code $max_timestamp} taken from each page's last row returns every
 * message exactly once, newest first, and ends with an empty page, however many messages share a second.
 */
class HistoryWalkProperties {

    private static final Instant BASE = Instant.parse("2020-06-28T05:13:00Z");

    /** A message to put in the history: which second, where within it, which way, from which location. */
    record Entry(int second, int micros, boolean inbound, boolean secondLocation) {}

    @Provide
    Arbitrary<Entry> entries() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 999_999),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Entry::new);
    }

    @Property(tries = 60)
    void everyMessageComesExactlyOnceAndAnEmptyPageEndsTheWalk(
            @ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("entries") Entry> history,
            @ForAll @IntRange(min = 1, max = 8) int top) {
        Conversations conversations = SharedApplication.bean(Conversations.class);
        VetPortal portal = SharedApplication.bean(VetPortal.class);
        TenantId tenant = SharedApplication.bean(Tenants.class).create("Walk", "walk-" + System.nanoTime(), "UTC", "US").id();
        Locations locations = SharedApplication.bean(Locations.class);
        Location first = locations.create(tenant, new Locations.NewLocation("A", null, null, TestTenant.uniqueNumber(), null, null));
        Location second = locations.create(tenant, new Locations.NewLocation("B", null, null, TestTenant.uniqueNumber(), null, null));
        String client = TestTenant.uniqueNumber();
        Set<Long> stored = new HashSet<>();
        for (Entry entry : history) {
            Location at = entry.secondLocation() ? second : first;
            stored.add(conversations.record(tenant, new NewMessage(at.id(), Channel.SMS,
                    entry.inbound() ? Direction.INBOUND : Direction.OUTBOUND, client, at.smsNumber(), null, false, "m",
                    null, entry.inbound() ? MessageStatus.RECEIVED : MessageStatus.DELIVERED,
                    BASE.plusSeconds(entry.second()).plusNanos(entry.micros() * 1000L), null, null, "test", null,
                    List.of())).id());
        }

        List<Long> walked = new ArrayList<>();
        Instant before = null;
        for (int page = 0; page <= history.size() + 1; page++) {
            List<VetPortalRows.SmsRow> rows = portal.smsHistory(tenant, client, before, top);
            if (rows.isEmpty()) {
                break;
            }
            assertThat(rows.size()).isGreaterThanOrEqualTo(Math.min(top, stored.size() - walked.size()));
            rows.forEach(r -> walked.add(r.id()));
            before = OffsetDateTime.parse(rows.get(rows.size() - 1).timestamp()).toInstant();
        }

        assertThat(walked).doesNotHaveDuplicates();
        assertThat(new HashSet<>(walked)).isEqualTo(stored);
        assertThat(portal.smsHistory(tenant, client, before, top)).as("the walk ends with an empty page").isEmpty();
    }
}
