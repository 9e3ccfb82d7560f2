package dev.parley.tenancy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.RenderedQuery;
import dev.parley.storage.SqlTypes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API credentials for the dialects whose integrators sign each request with a shared secret (CareHQ): an
 * account id, an API key and the secret. The account id is the tenant's id in 24 hex digits, so finding a
 * credential is a lookup that leads with the tenant, as for API tokens. The secret must be kept, not
 * hashed, to verify signatures; see docs/adr/0010-signed-request-credentials.md. This class also keeps
 * what replay protection and rate limiting need per credential: the nonces used, and a request window.
 */
@Service
public class ApiCredentials {

    /** The dialects that authenticate with signed requests. */
    public static final Set<String> DIALECTS = Set.of("carehq");

    private static final Table<Record> CREDENTIAL = table(name("api_credential"));
    private static final Table<Record> WINDOW = table(name("api_credential_window"));
    private static final Table<Record> NONCE = table(name("api_credential_nonce"));
    private static final Field<Instant> SIGNED_AT = field(name("signed_at"), SqlTypes.INSTANT);
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> CREDENTIAL_ID = field(name("credential_id"), Long.class);
    private static final Field<String> DIALECT = field(name("dialect"), String.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<String> API_KEY = field(name("api_key"), String.class);
    private static final Field<String> SECRET = field(name("secret"), String.class);
    private static final Field<Instant> CREATED_AT = field(name("created_at"), SqlTypes.INSTANT);
    private static final Field<Instant> REVOKED_AT = field(name("revoked_at"), SqlTypes.INSTANT);
    private static final Field<Instant> WINDOW_START = field(name("window_start"), SqlTypes.INSTANT);
    private static final Field<Integer> REQUEST_COUNT = field(name("request_count"), Integer.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("^0{8}[0-9a-f]{16}$");
    private static final int MAX_NAME_LENGTH = 200;

    private final DSLContext db;
    private final Tenants tenants;

    /** The live credential with an API key: the first statement of every signed request, rendered once. */
    private final RenderedQuery byKey;

    ApiCredentials(DSLContext db, Tenants tenants) {
        this.db = db;
        this.tenants = tenants;
        this.byKey = RenderedQuery.of(db.select(CREDENTIAL_ID, SECRET)
                .from(CREDENTIAL)
                .where(TENANT_ID.eq(param("tenant_id", Long.class)).and(API_KEY.eq(param("api_key", String.class)))
                        .and(DIALECT.eq(param("dialect", String.class))).and(REVOKED_AT.isNull())));
    }

    /** A credential as issued: {@code apiSecret} is shown this once and never again. */
    public record IssuedCredential(long id, String dialect, String name, String accountId, String apiKey,
                                   String apiSecret, Instant createdAt) {}

    /** The requests a credential has made in its current window, which began at {@code start}. */
    public record RequestWindow(Instant start, int count) {}

    @Transactional
    public IssuedCredential issue(TenantId tenant, String dialect, String credentialName) {
        tenants.get(tenant);
        if (!DIALECTS.contains(dialect)) {
            throw new NotFound("dialect with signed credentials", dialect);
        }
        String cleanName = credentialName == null || credentialName.isBlank() ? null : credentialName.strip();
        if (cleanName != null && cleanName.length() > MAX_NAME_LENGTH) {
            throw new InvalidInput("name", "is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String apiKey = Secrets.hex(16);
        String secret = Secrets.generate();
        Record row = db.insertInto(CREDENTIAL)
                .set(TENANT_ID, tenant.value())
                .set(DIALECT, dialect)
                .set(NAME, cleanName)
                .set(API_KEY, apiKey)
                .set(SECRET, secret)
                .returning(CREDENTIAL_ID, CREATED_AT)
                .fetchOne();
        return new IssuedCredential(row.get(CREDENTIAL_ID), dialect, cleanName, accountIdOf(tenant), apiKey, secret,
                row.get(CREATED_AT));
    }

    /** Revokes a credential at once: requests signed with it are refused from now on. */
    public void revoke(TenantId tenant, String dialect, long credentialId) {
        int revoked = db.update(CREDENTIAL)
                .set(REVOKED_AT, Instant.now())
                .where(TENANT_ID.eq(tenant.value()).and(CREDENTIAL_ID.eq(credentialId)).and(DIALECT.eq(dialect))
                        .and(REVOKED_AT.isNull()))
                .execute();
        if (revoked == 0) {
            throw new NotFound("credential", credentialId);
        }
    }

    /** The account id integrators send: the tenant's id as 24 lower-case hex digits. */
    public static String accountIdOf(TenantId tenant) {
        return String.format(Locale.ROOT, "%024x", tenant.value());
    }

    /**
     * The credential of a dialect with this account id and API key, if there is one that was live when it was first
     * found. A credential's key, id and secret never change, so a credential once found is kept (up to
     * {@value #KNOWN_KEPT} of them) and later requests do not look it up again. It may have been revoked since, on
     * any node: {@link #admit} admits nothing for a revoked credential.
     */
    public Optional<ApiCredential> find(String dialect, String accountId, String apiKey) {
        if (accountId == null || apiKey == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            return Optional.empty();
        }
        long tenant = Long.parseUnsignedLong(accountId.substring(8), 16);
        if (tenant <= 0) {
            return Optional.empty();
        }
        String key = dialect + "\n" + tenant + "\n" + apiKey;
        ApiCredential known = this.known.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ApiCredential> found = byKey.fetch(db, Map.of("tenant_id", tenant, "api_key", apiKey, "dialect", dialect),
                r -> new ApiCredential(new TenantId(tenant), r.get(CREDENTIAL_ID), r.get(SECRET))).stream().findFirst();
        found.ifPresent(credential -> {
            if (this.known.size() >= KNOWN_KEPT) {
                this.known.clear();
            }
            this.known.put(key, credential);
        });
        return found;
    }

    /** Credentials found, by dialect, tenant and API key; emptied when full. */
    private final Map<String, ApiCredential> known = new ConcurrentHashMap<>();
    private static final int KNOWN_KEPT = 10_000;

    /** Whether the credential has not been revoked. */
    public boolean isLive(ApiCredential credential) {
        return db.fetchExists(CREDENTIAL, TENANT_ID.eq(credential.tenant().value()).and(CREDENTIAL_ID.eq(credential.id()))
                .and(REVOKED_AT.isNull()));
    }

    /**
     * Whether {@code signatureHex} is the hex HMAC-SHA256 of {@code signed} under the credential's secret,
     * compared in time that does not depend on where they differ.
     */
    public boolean signatureMatches(ApiCredential credential, byte[] signed, String signatureHex) {
        if (signatureHex == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(credential.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(signed)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signatureHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA256", e);
        }
    }

    /**
     * Admits a signed request of a live credential: records that the credential signed with this nonce and, if that
     * is the nonce's first use, counts the request in the credential's current window (starting a new window when
     * the last one is over), in one statement so that every node counts in the same rows. Answers the window the
     * request was counted in, or nothing for a nonce used before or a credential revoked, which is not counted
     * ({@link #isLive} tells which). A nonce last signed before
     * {@code forgetSignedBefore} counts as forgotten, and its use as a first use: a request that old is refused for
     * its timestamp, so remembering it longer protects nothing. {@link #forgetNoncesSignedBefore} deletes such
     * nonces, away from the requests (deleting them here made PostgreSQL plan the statement anew every time).
     */
    public Optional<RequestWindow> admit(ApiCredential credential, String nonce, Instant signedAt,
                                         Instant forgetSignedBefore, Duration window) {
        long t = credential.tenant().value();
        OffsetDateTime forget = forgetSignedBefore.atOffset(ZoneOffset.UTC);
        // Sent as it is, without jOOQ: a plain-SQL template is parsed on every execution, and this runs on every
        // signed request.
        Object[] values = {t, credential.id(), t, credential.id(), nonce, signedAt.atOffset(ZoneOffset.UTC), forget, t,
                credential.id(), seconds(window), seconds(window)};
        return db.connectionResult(connection -> {
            try (PreparedStatement admit = connection.prepareStatement(ADMIT)) {
                for (int i = 0; i < values.length; i++) {
                    admit.setObject(i + 1, values[i]);
                }
                try (ResultSet row = admit.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<RequestWindow>empty();
                    }
                    Instant start = row.getObject(1, OffsetDateTime.class).toInstant();
                    return Optional.of(new RequestWindow(start, row.getInt(2)));
                }
            }
        });
    }

    private static final String ADMIT = """
            with live as (
                select from api_credential where tenant_id = ? and credential_id = ? and revoked_at is null
            ),
            first_use as (
                insert into api_credential_nonce as n (tenant_id, credential_id, nonce, signed_at)
                select ?, ?, ?, ?::timestamptz from live
                on conflict (tenant_id, credential_id, nonce) do update set signed_at = excluded.signed_at
                    where n.signed_at < ?::timestamptz
                returning 1
            )
            insert into api_credential_window as w (tenant_id, credential_id, window_start, request_count)
            select ?, ?, statement_timestamp(), 1 from first_use
            on conflict (tenant_id, credential_id) do update set
                window_start = case when w.window_start <= statement_timestamp() - make_interval(secs => ?)
                                    then excluded.window_start else w.window_start end,
                request_count = case when w.window_start <= statement_timestamp() - make_interval(secs => ?)
                                     then 1 else w.request_count + 1 end
            returning window_start, request_count
            """;

    /**
     * Deletes the nonces, of every credential, last signed before {@code before}: {@link #admit} already treats
     * them as forgotten. Answers how many there were.
     */
    public int forgetNoncesSignedBefore(Instant before) {
        return db.deleteFrom(NONCE).where(SIGNED_AT.lt(before)).execute();
    }

    /** The credential's current window without counting a request; empty when it has none that is still open. */
    public Optional<RequestWindow> currentWindow(ApiCredential credential, Duration window) {
        Instant now = Instant.now();
        return db.select(WINDOW_START, REQUEST_COUNT)
                .from(WINDOW)
                .where(TENANT_ID.eq(credential.tenant().value()).and(CREDENTIAL_ID.eq(credential.id())))
                .fetchOptional(r -> new RequestWindow(r.get(WINDOW_START), r.get(REQUEST_COUNT)))
                .filter(w -> w.start().plus(window).isAfter(now));
    }

    private static double seconds(Duration window) {
        return window.toNanos() / 1e9;
    }
}
