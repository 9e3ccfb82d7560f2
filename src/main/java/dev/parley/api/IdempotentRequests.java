package dev.parley.api;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Requests made with an {@code Idempotency-Key}: the first one runs and its answer is stored in the same
 * transaction as its work; a repeat with the same key and the same request gets that answer again, and
 * a repeat with another request is refused (422). Concurrent repeats wait for the first to commit. A key is
 * remembered for {@code parley.idempotency.retention} (a day by default; see {@link IdempotencyKeyExpiry}).
 */
@Component
class IdempotentRequests {

    private static final Table<Record> TABLE = table(name("idempotent_request"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<String> KEY = field(name("idempotency_key"), String.class);
    private static final Field<String> OPERATION = field(name("operation"), String.class);
    private static final Field<byte[]> REQUEST_HASH = field(name("request_hash"), byte[].class);
    private static final Field<Integer> RESPONSE_STATUS = field(name("response_status"), Integer.class);
    private static final Field<String> RESPONSE_BODY = field(name("response_body"), String.class);
    private static final Field<Instant> CREATED_AT = field(name("created_at"), SqlTypes.INSTANT);
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    /** The key was used before with a different request. */
    static final class KeyReused extends RuntimeException {
        KeyReused(String key) {
            super("The Idempotency-Key '" + key + "' was used before with a different request");
        }
    }

    private final DSLContext db;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;

    IdempotentRequests(DSLContext db, TransactionTemplate transactions, ObjectMapper json) {
        this.db = db;
        this.transactions = transactions;
        this.json = json;
    }

    /** Runs {@code work} once per key; {@code request} is what "the same request" is judged by. */
    ResponseEntity<String> run(TenantId tenant, String operation, String key, Object request, HttpStatus status,
                               Supplier<Object> work) {
        if (key == null) {
            return respond(status.value(), json.writeValueAsString(work.get()), false);
        }
        Answer answer = once(tenant, operation, checked(key), request, status.value(), work);
        return respond(answer.status(), answer.body(), answer.replayed());
    }

    /**
     * Claims {@code key} for a request whose parts each run once under a key of their own ({@link #partKey}, with
     * {@link #runPart}), so that a repeat runs only the parts that did not commit the first time. Refuses a key
     * used before with a different request ({@link KeyReused}); a repeat of the same request goes on.
     */
    void claimWhole(TenantId tenant, String operation, String key, Object request) {
        byte[] hash = sha256(json.writeValueAsString(request));
        String checked = checked(key);
        transactions.executeWithoutResult(tx -> claimOrFirstUse(tenant, operation, checked, hash));
    }

    /** The key of part {@code index} of a request claimed whole with {@code key}. */
    static String partKey(String key, int index) {
        return key + "#" + index;
    }

    /**
     * Runs one part of a request claimed whole, once per part key: its answer, or the one its first run stored,
     * read back as {@code type}. A part that throws stores nothing, so a repeat runs it again.
     */
    <T> T runPart(TenantId tenant, String operation, String partKey, Object part, Class<T> type, Supplier<T> work) {
        return json.readValue(once(tenant, operation, partKey, part, HttpStatus.OK.value(), work::get).body(), type);
    }

    private record Answer(int status, String body, boolean replayed) {}

    private Answer once(TenantId tenant, String operation, String key, Object request, int status, Supplier<Object> work) {
        byte[] hash = sha256(json.writeValueAsString(request));
        return transactions.execute(tx -> {
            Record stored = claimOrFirstUse(tenant, operation, key, hash);
            if (stored != null) {
                return new Answer(stored.get(RESPONSE_STATUS), stored.get(RESPONSE_BODY), true);
            }
            String body = json.writeValueAsString(work.get());
            db.update(TABLE)
                    .set(RESPONSE_STATUS, status)
                    .set(RESPONSE_BODY, body)
                    .where(TENANT_ID.eq(tenant.value()).and(OPERATION.eq(operation)).and(KEY.eq(key)))
                    .execute();
            return new Answer(status, body, false);
        });
    }

    /**
     * Takes the key for this transaction and answers null, or answers what its first use stored when that was the
     * same request. A concurrent first use is waited for. A key forgotten by the expiry between the claim and the
     * read (it was a day old) is claimed again, so that the request runs anew instead of failing.
     */
    private Record claimOrFirstUse(TenantId tenant, String operation, String key, byte[] hash) {
        while (!claim(tenant, operation, key, hash)) {
            Record stored = db.select(REQUEST_HASH, RESPONSE_STATUS, RESPONSE_BODY)
                    .from(TABLE)
                    .where(TENANT_ID.eq(tenant.value()).and(OPERATION.eq(operation)).and(KEY.eq(key)))
                    .fetchOne();
            if (stored != null) {
                if (!MessageDigest.isEqual(stored.get(REQUEST_HASH), hash)) {
                    throw new KeyReused(key);
                }
                return stored;
            }
        }
        return null;
    }

    /** Whether this transaction took the key; a concurrent first use is waited for. */
    private boolean claim(TenantId tenant, String operation, String key, byte[] hash) {
        return db.insertInto(TABLE)
                .set(TENANT_ID, tenant.value())
                .set(OPERATION, operation)
                .set(KEY, key)
                .set(REQUEST_HASH, hash)
                .set(RESPONSE_STATUS, 0)
                .set(RESPONSE_BODY, "")
                .onConflictDoNothing()
                .execute() == 1;
    }

    private static String checked(String key) {
        if (key.isBlank() || key.length() > 255) {
            throw new InvalidInput("Idempotency-Key", "must be 1 to 255 characters");
        }
        return key;
    }

    /**
     * Forgets the keys of every tenant stored longer ago than {@code age} (upkeep, not a tenant's request), a few
     * thousand rows per statement so that no statement holds many locks for long; answers how many it forgot.
     */
    int forgetOlderThan(Duration age) {
        Field<Object> row = field(name("ctid"));
        int forgotten = 0;
        int deleted;
        do {
            deleted = db.deleteFrom(TABLE)
                    .where(row.in(select(row).from(TABLE).where(CREATED_AT.lt(Instant.now().minus(age)))
                            .limit(RowCount.of(5000))))
                    .execute();
            forgotten += deleted;
        } while (deleted == 5000);
        return forgotten;
    }

    private static ResponseEntity<String> respond(int status, String body, boolean replayed) {
        var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (replayed) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.body(body);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
