package dev.parley.tenancy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.SqlTypes;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and finds tenants. Only the operator creates them. */
@Service
public class Tenants {

    static final Table<Record> TENANT = table(name("tenant"));
    static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<String> SUBDOMAIN = field(name("subdomain"), String.class);
    private static final Field<String> TIMEZONE = field(name("timezone"), String.class);
    private static final Field<String> COUNTRY = field(name("country"), String.class);
    private static final Field<Instant> CREATED_AT = field(name("created_at"), SqlTypes.INSTANT);
    private static final Pattern SUBDOMAIN_FORMAT = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    private final DSLContext db;

    Tenants(DSLContext db) {
        this.db = db;
    }

    @Transactional
    public Tenant create(String tenantName, String subdomain, String timezone, String country) {
        if (tenantName == null || tenantName.isBlank()) {
            throw new InvalidInput("name", "is required");
        }
        if (subdomain == null || !SUBDOMAIN_FORMAT.matcher(subdomain).matches()) {
            throw new InvalidInput("subdomain", "must be 1 to 63 lower-case letters, digits or inner hyphens");
        }
        String zone = Timezones.requireZone("timezone", timezone);
        String countryCode = country == null ? "US" : Timezones.requireCountry("country", country);
        try {
            return db.insertInto(TENANT)
                    .set(NAME, tenantName.trim())
                    .set(SUBDOMAIN, subdomain)
                    .set(TIMEZONE, zone)
                    .set(COUNTRY, countryCode)
                    .returning(TENANT_ID, NAME, SUBDOMAIN, TIMEZONE, COUNTRY, CREATED_AT)
                    .fetchOne(Tenants::toTenant);
        } catch (DuplicateKeyException e) {
            throw new Conflict("subdomain", "The subdomain '" + subdomain + "' is taken");
        }
    }

    public Optional<Tenant> find(TenantId id) {
        return db.select(TENANT_ID, NAME, SUBDOMAIN, TIMEZONE, COUNTRY, CREATED_AT)
                .from(TENANT)
                .where(TENANT_ID.eq(id.value()))
                .fetchOptional(Tenants::toTenant);
    }

    public Tenant get(TenantId id) {
        return find(id).orElseThrow(() -> new NotFound("tenant", id));
    }

    public Optional<Tenant> findBySubdomain(String subdomain) {
        return db.select(TENANT_ID, NAME, SUBDOMAIN, TIMEZONE, COUNTRY, CREATED_AT)
                .from(TENANT)
                .where(SUBDOMAIN.eq(subdomain))
                .fetchOptional(Tenants::toTenant);
    }

    private static Tenant toTenant(Record r) {
        return new Tenant(new TenantId(r.get(TENANT_ID)), r.get(NAME), r.get(SUBDOMAIN), r.get(TIMEZONE),
                r.get(COUNTRY), r.get(CREATED_AT));
    }
}
