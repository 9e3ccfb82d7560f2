package dev.parley.tenancy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.SqlTypes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens of tenants. A token reads {@code prl_<tenant>_<token id>_<secret>}: the ids find the one
 * row to check (by primary key, tenant first), and only a hash of the secret is stored.
 */
@Service
public class ApiTokens {

    private static final Table<Record> API_TOKEN = table(name("api_token"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> TOKEN_ID = field(name("token_id"), Long.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<byte[]> SECRET_HASH = field(name("secret_hash"), byte[].class);
    private static final Field<String[]> SCOPES = field(name("scopes"), String[].class);
    private static final Field<Long> LOCATION_ID = field(name("location_id"), Long.class);
    private static final Field<Instant> REVOKED_AT = field(name("revoked_at"), SqlTypes.INSTANT);
    private static final Pattern FORMAT = Pattern.compile("^prl_([1-9][0-9]{0,18})_([1-9][0-9]{0,18})_([A-Za-z0-9_-]{43})$");

    private final DSLContext db;
    private final Tenants tenants;
    private final Locations locations;

    ApiTokens(DSLContext db, Tenants tenants, Locations locations) {
        this.db = db;
        this.tenants = tenants;
        this.locations = locations;
    }

    /**
     * A token as issued: {@code token} is shown this once and never again. {@code locationId} is the one
     * location the token is bound to, or null for a token of the whole tenant.
     */
    public record IssuedToken(long id, String name, String token, List<String> scopes, Long locationId) {}

    @Transactional
    public IssuedToken issue(TenantId tenant, String tokenName, List<String> scopeNames) {
        return issue(tenant, tokenName, scopeNames, null);
    }

    /**
     * Issues a token; with a {@code locationId} the token is bound to that location of the tenant, for
     * surfaces that act as one site (the PurePhone dialect's phone is one location's).
     */
    @Transactional
    public IssuedToken issue(TenantId tenant, String tokenName, List<String> scopeNames, Long locationId) {
        tenants.get(tenant);
        if (tokenName == null || tokenName.isBlank()) {
            throw new InvalidInput("name", "is required");
        }
        Set<Scope> scopes = parseScopes(scopeNames);
        if (locationId != null && locations.find(tenant, locationId).isEmpty()) {
            throw new InvalidInput("location_id", "no location with id " + locationId + " in this tenant");
        }
        String secret = Secrets.generate();
        String[] wire = scopes.stream().map(Scope::wireName).toArray(String[]::new);
        long id = db.insertInto(API_TOKEN)
                .set(TENANT_ID, tenant.value())
                .set(NAME, tokenName.trim())
                .set(SECRET_HASH, Secrets.hash(secret))
                .set(SCOPES, wire)
                .set(LOCATION_ID, locationId)
                .returning(TOKEN_ID)
                .fetchOne(TOKEN_ID);
        return new IssuedToken(id, tokenName.trim(), "prl_" + tenant.value() + "_" + id + "_" + secret, List.of(wire),
                locationId);
    }

    private static Set<Scope> parseScopes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new InvalidInput("scopes", "is required: one or more of " + Scope.allWireNames());
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        List<InvalidInput.Problem> problems = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Optional<Scope> scope = Scope.fromWire(name);
            if (scope.isPresent()) {
                scopes.add(scope.get());
            } else {
                problems.add(new InvalidInput.Problem("scopes[" + i + "]",
                        "'" + name + "' is not a scope; the scopes are " + Scope.allWireNames()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return scopes;
    }

    /**
     * The caller a bearer token stands for, if it is a valid tenant token. A token checked against the
     * database is trusted for {@link #CACHE_TTL} after, so that a busy integration costs one lookup per token
     * and not one per request.
     */
    public Optional<Caller> authenticate(String bearer) {
        if (bearer == null) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        Verified cached = verified.get(bearer);
        if (cached != null && now - cached.at() < CACHE_TTL.toNanos()) {
            return Optional.of(cached.caller());
        }
        Optional<Caller> caller = lookUp(bearer);
        if (caller.isPresent()) {
            if (verified.size() >= CACHE_SIZE) {
                verified.clear();
            }
            verified.put(bearer, new Verified(caller.get(), now));
        } else {
            verified.remove(bearer);
        }
        return caller;
    }

    /** How long a verified token is trusted without asking the database again. */
    public static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(10);
    private static final int CACHE_SIZE = 10_000;

    private record Verified(Caller caller, long at) {}

    private final java.util.Map<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<Caller> lookUp(String bearer) {
        Matcher parts = bearer == null ? null : FORMAT.matcher(bearer);
        if (parts == null || !parts.matches()) {
            return Optional.empty();
        }
        long tenantId = Long.parseLong(parts.group(1));
        long tokenId = Long.parseLong(parts.group(2));
        String secret = parts.group(3);
        return db.select(SECRET_HASH, SCOPES, LOCATION_ID)
                .from(API_TOKEN)
                .where(TENANT_ID.eq(tenantId).and(TOKEN_ID.eq(tokenId)).and(REVOKED_AT.isNull()))
                .fetchOptional()
                .filter(r -> Secrets.matches(secret, r.get(SECRET_HASH)))
                .map(r -> new Caller(new TenantId(tenantId), tokenId, toScopes(r.get(SCOPES)), r.get(LOCATION_ID)));
    }

    private static Set<Scope> toScopes(String[] names) {
        Set<Scope> scopes = new LinkedHashSet<>();
        for (String name : names) {
            Scope.fromWire(name).ifPresent(scopes::add);
        }
        return scopes;
    }
}
