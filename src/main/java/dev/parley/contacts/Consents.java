package dev.parley.contacts;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.RenderedQuery;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Consent per address, channel and category, with its history. An address with no record may be sent
 * care messages: consent is refused only by an opt-out that is on record.
 */
@Service
public class Consents {

    private static final Table<Record> CONSENT = table(name("consent"));
    private static final Table<Record> EVENT = table(name("consent_event"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<String> CHANNEL = field(name("channel"), String.class);
    private static final Field<String> ADDRESS = field(name("address"), String.class);
    private static final Field<String> CATEGORY = field(name("category"), String.class);
    private static final Field<String> STATUS = field(name("status"), String.class);
    private static final Field<Instant> CHANGED_AT = field(name("changed_at"), SqlTypes.INSTANT);
    private static final Field<Instant> OCCURRED_AT = field(name("occurred_at"), SqlTypes.INSTANT);
    private static final Field<Long> EVENT_ID = field(name("consent_event_id"), Long.class);
    private static final Field<String> SOURCE = field(name("source"), String.class);
    private static final Field<String> DETAIL = field(name("detail"), String.class);
    private static final List<String> CATEGORIES = List.of(Consent.CARE, Consent.MARKETING);

    private final DSLContext db;
    private final ApplicationEventPublisher events;
    /** {@link #holdAddress}'s statement, run for every conversation a message starts. */
    private final RenderedQuery hold;

    Consents(DSLContext db, ApplicationEventPublisher events) {
        this.db = db;
        this.events = events;
        this.hold = RenderedQuery.of(db.query("select pg_advisory_xact_lock(hashtext('consent'), hashtext({0} || ' ' || {1}"
                + " || ' ' || {2}))", param("tenant", String.class), param("channel", String.class),
                param("address", String.class)));
    }

    /**
     * Whether an opt-out of care messages is on record for an address, as an SQL expression over another
     * table's tenant and address columns, for queries that filter or show it.
     */
    public static Field<Boolean> optedOut(Field<Long> tenantId, String channel, Field<String> address) {
        return DSL.field(DSL.exists(DSL.selectOne().from(CONSENT)
                .where(field(name("consent", "tenant_id"), Long.class).eq(tenantId)
                        .and(field(name("consent", "channel"), String.class).eq(inline(channel)))
                        .and(field(name("consent", "address"), String.class).eq(address))
                        .and(field(name("consent", "category"), String.class).eq(inline(Consent.CARE)))
                        .and(field(name("consent", "status"), String.class).eq(inline(Consent.OPTED_OUT))))));
    }

    /** The opt-out on record that forbids sending this category to the address, if there is one. */
    public Optional<Consent> optOut(TenantId tenant, String channel, String address, String category) {
        return db.select(CHANNEL, ADDRESS, CATEGORY, STATUS, CHANGED_AT, SOURCE, DETAIL)
                .from(CONSENT)
                .where(TENANT_ID.eq(tenant.value()).and(CHANNEL.eq(channel)).and(ADDRESS.eq(address))
                        .and(CATEGORY.eq(category)).and(STATUS.eq(Consent.OPTED_OUT)))
                .fetchOptional(Consents::toConsent);
    }

    /** Records that the address opted out of every category on the channel. */
    @Transactional
    public void recordOptOut(TenantId tenant, String channel, String address, String source, String detail) {
        change(tenant, channel, address, Consent.OPTED_OUT, source, detail);
    }

    /** Records that the address opted back in to every category on the channel. */
    @Transactional
    public void recordOptIn(TenantId tenant, String channel, String address, String source, String detail) {
        change(tenant, channel, address, Consent.OPTED_IN, source, detail);
    }

    /**
     * Holds this address's consent still until the transaction ends: a change of its consent waits for the
     * holder, and the holder waits for a change in progress to commit. Whatever keeps a copy of the consent
     * (a conversation's {@code opted_out}) takes this before reading consent for a row others cannot see yet,
     * and a transaction that will change consent after locking the address's conversations takes it before
     * them, so that the two orders never meet.
     */
    public void holdAddress(TenantId tenant, String channel, String address) {
        hold.execute(db, Map.of("tenant", Long.toString(tenant.value()), "channel", channel, "address", address));
    }

    private void change(TenantId tenant, String channel, String address, String status, String source, String detail) {
        holdAddress(tenant, channel, address);
        Instant now = Instant.now();
        for (String category : CATEGORIES) {
            db.insertInto(CONSENT)
                    .set(TENANT_ID, tenant.value()).set(CHANNEL, channel).set(ADDRESS, address).set(CATEGORY, category)
                    .set(STATUS, status).set(CHANGED_AT, now).set(SOURCE, source).set(DETAIL, detail)
                    .onConflict(TENANT_ID, CHANNEL, ADDRESS, CATEGORY)
                    .doUpdate()
                    .set(STATUS, status).set(CHANGED_AT, now).set(SOURCE, source).set(DETAIL, detail)
                    .execute();
            db.insertInto(EVENT)
                    .set(TENANT_ID, tenant.value()).set(CHANNEL, channel).set(ADDRESS, address).set(CATEGORY, category)
                    .set(STATUS, status).set(OCCURRED_AT, now).set(SOURCE, source).set(DETAIL, detail)
                    .execute();
            events.publishEvent(new ConsentChanged(tenant, new Consent(channel, address, category, status, now, source, detail)));
        }
    }

    /** The current consent of these addresses on the channel. */
    public List<Consent> current(TenantId tenant, String channel, Collection<String> addresses) {
        return db.select(CHANNEL, ADDRESS, CATEGORY, STATUS, CHANGED_AT, SOURCE, DETAIL)
                .from(CONSENT)
                .where(TENANT_ID.eq(tenant.value()).and(CHANNEL.eq(channel)).and(ADDRESS.in(addresses)))
                .orderBy(ADDRESS, CATEGORY)
                .fetch(Consents::toConsent);
    }

    /** Every change of consent of these addresses on the channel, oldest first. */
    public List<Consent> history(TenantId tenant, String channel, Collection<String> addresses) {
        return db.select(CHANNEL, ADDRESS, CATEGORY, STATUS, OCCURRED_AT.as(CHANGED_AT), SOURCE, DETAIL)
                .from(EVENT)
                .where(TENANT_ID.eq(tenant.value()).and(CHANNEL.eq(channel)).and(ADDRESS.in(addresses)))
                .orderBy(OCCURRED_AT, EVENT_ID)
                .fetch(Consents::toConsent);
    }

    private static Consent toConsent(Record r) {
        return new Consent(r.get(CHANNEL), r.get(ADDRESS), r.get(CATEGORY), r.get(STATUS), r.get(CHANGED_AT),
                r.get(SOURCE), r.get(DETAIL));
    }
}
