package dev.parley.tenancy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import dev.parley.addresses.EmailAddress;
import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.storage.RenderedQuery;
import dev.parley.storage.Row;
import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's locations and the addresses (SMS numbers, email addresses) that reach them. */
@Service
public class Locations {

    private static final Table<Record> LOCATION = table(name("location"));
    private static final Table<Record> ADDRESS = table(name("location_address"));
    private static final Field<Long> TENANT_ID = field(name("location", "tenant_id"), Long.class);
    private static final Field<Long> LOCATION_ID = field(name("location", "location_id"), Long.class);
    private static final Field<String> NAME = field(name("location", "name"), String.class);
    private static final Field<String> TIMEZONE = field(name("location", "timezone"), String.class);
    private static final Field<String> COUNTRY = field(name("location", "country"), String.class);
    private static final Field<String> HELP_TEXT = field(name("location", "help_text"), String.class);
    private static final Field<Instant> CREATED_AT = field(name("location", "created_at"), SqlTypes.INSTANT);
    private static final Field<Long> A_TENANT_ID = field(name("location_address", "tenant_id"), Long.class);
    private static final Field<Long> A_LOCATION_ID = field(name("location_address", "location_id"), Long.class);
    private static final Field<String> A_CHANNEL = field(name("location_address", "channel"), String.class);
    private static final Field<String> A_ADDRESS = field(name("location_address", "address"), String.class);

    private static final Field<String> SMS_NUMBER = addressOf(TENANT_ID, LOCATION_ID, "sms").as("sms_number");
    private static final Field<String> EMAIL_ADDRESS = addressOf(TENANT_ID, LOCATION_ID, "email").as("email_address");

    private final DSLContext db;
    private final Tenants tenants;

    private final RenderedQuery byAddress;

    Locations(DSLContext db, Tenants tenants) {
        this.db = db;
        this.tenants = tenants;
        this.byAddress = RenderedQuery.of(byAddressQuery());
    }

    /** What a new location needs; the SMS number may be in any common format, read in the location's country. */
    public record NewLocation(String name, String timezone, String country, String smsNumber, String emailAddress,
                              String helpText) {}

    @Transactional
    public Location create(TenantId tenant, NewLocation location) {
        if (location.name() == null || location.name().isBlank()) {
            throw new InvalidInput("name", "is required");
        }
        Tenant owner = tenants.get(tenant);
        String zone = location.timezone() == null ? owner.timezone() : Timezones.requireZone("timezone", location.timezone());
        String country = location.country() == null ? owner.country() : Timezones.requireCountry("country", location.country());
        long id = db.insertInto(LOCATION)
                .set(field(name("tenant_id"), Long.class), tenant.value())
                .set(field(name("name"), String.class), location.name().trim())
                .set(field(name("timezone"), String.class), zone)
                .set(field(name("country"), String.class), country)
                .set(field(name("help_text"), String.class), location.helpText())
                .returning(field(name("location_id"), Long.class))
                .fetchOne(0, Long.class);
        addAddress(tenant, id, "sms", "sms_number", smsNumber(location.smsNumber(), country));
        addAddress(tenant, id, "email", "email_address", emailAddress(location.emailAddress()));
        return get(tenant, id);
    }

    private static String smsNumber(String text, String country) {
        try {
            return text == null ? null : PhoneNumber.parse(text, country).e164();
        } catch (InvalidAddress e) {
            throw new InvalidInput("sms_number", e.getMessage());
        }
    }

    private static String emailAddress(String text) {
        try {
            return text == null ? null : new EmailAddress(text).normalized();
        } catch (InvalidAddress e) {
            throw new InvalidInput("email_address", e.getMessage());
        }
    }

    private void addAddress(TenantId tenant, long locationId, String channel, String fieldName, String address) {
        if (address == null) {
            return;
        }
        try {
            db.insertInto(ADDRESS)
                    .set(field(name("tenant_id"), Long.class), tenant.value())
                    .set(field(name("location_id"), Long.class), locationId)
                    .set(field(name("channel"), String.class), channel)
                    .set(field(name("address"), String.class), address)
                    .execute();
        } catch (DuplicateKeyException e) {
            throw new Conflict(fieldName, address + " already belongs to a location");
        }
    }

    public Optional<Location> find(TenantId tenant, long id) {
        return select().where(TENANT_ID.eq(tenant.value()).and(LOCATION_ID.eq(id)))
                .fetchOptional(Row.mapping(Locations::toLocation));
    }

    public Location get(TenantId tenant, long id) {
        return find(tenant, id).orElseThrow(() -> new NotFound("location", id));
    }

    public List<Location> list(TenantId tenant) {
        return select().where(TENANT_ID.eq(tenant.value())).orderBy(LOCATION_ID).fetch(Row.mapping(Locations::toLocation));
    }

    /**
     * The location an inbound message to this number or address reaches, across all tenants: the first statement
     * of every inbound message, run from SQL rendered once (ADR 0026).
     */
    public Optional<Location> findByAddress(String channel, String address) {
        return byAddress.fetch(db, Map.of("channel", channel, "address", address), Locations::toLocation).stream()
                .findFirst();
    }

    private Select<? extends Record> byAddressQuery() {
        Table<Record> route = ADDRESS.as("route");
        return select()
                .join(route).on(field(name("route", "tenant_id"), Long.class).eq(TENANT_ID)
                        .and(field(name("route", "location_id"), Long.class).eq(LOCATION_ID)))
                .where(field(name("route", "channel"), String.class).eq(param("channel", String.class))
                        .and(field(name("route", "address"), String.class).eq(param("address", String.class))));
    }

    /**
     * A location's primary address on a channel as an SQL expression over another table's tenant and
     * location columns, for queries that filter or show it. The channel is one of Parley's own names, never
     * caller text, and is written into the SQL, so that the queries it is part of can be rendered once.
     */
    public static Field<String> addressOf(Field<Long> tenantId, Field<Long> locationId, String channel) {
        return DSL.field(DSL.select(A_ADDRESS)
                .from(ADDRESS)
                .where(A_TENANT_ID.eq(tenantId).and(A_LOCATION_ID.eq(locationId)).and(A_CHANNEL.eq(inline(channel))))
                .orderBy(field(name("location_address", "is_primary")).desc(), A_ADDRESS)
                .limit(RowCount.of(1)));
    }

    /**
     * Each of a tenant's locations that has an address on a channel, with its primary one, as a table of
     * {@code location_id} and {@code address} to join by location: one row per location, read once per query,
     * where {@link #addressOf} is a subquery run for every row of the query it is in.
     */
    public static Table<Record2<Long, String>> primaryAddresses(Field<Long> tenant, String channel) {
        return DSL.selectDistinct(A_LOCATION_ID, A_ADDRESS).on(A_LOCATION_ID)
                .from(ADDRESS)
                .where(A_TENANT_ID.eq(tenant).and(A_CHANNEL.eq(inline(channel))))
                .orderBy(A_LOCATION_ID, field(name("location_address", "is_primary")).desc(), A_ADDRESS)
                .asTable("location_primary_address", "location_id", "address");
    }

    private SelectJoinStep<? extends Record> select() {
        return db.select(TENANT_ID, LOCATION_ID, NAME, TIMEZONE, COUNTRY, HELP_TEXT, CREATED_AT, SMS_NUMBER, EMAIL_ADDRESS)
                .from(LOCATION);
    }

    private static Location toLocation(Row r) {
        return new Location(new TenantId(r.get(TENANT_ID)), r.get(LOCATION_ID), r.get(NAME), r.get(TIMEZONE),
                r.get(COUNTRY), r.get(SMS_NUMBER), r.get(EMAIL_ADDRESS), r.get(HELP_TEXT), r.get(CREATED_AT));
    }
}
