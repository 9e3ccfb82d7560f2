package dev.parley.tenancy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's bearer token. It comes from {@code PARLEY_OPERATOR_TOKEN} ({@code parley.operator-token});
 * when that is unset, one is generated on the first start, its hash stored, and the token printed once.
 */
@Component
class OperatorCredential {

    private static final Logger log = LoggerFactory.getLogger(OperatorCredential.class);
    private static final Table<Record> PLATFORM_SECRET = table(name("platform_secret"));
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<byte[]> SECRET_HASH = field(name("secret_hash"), byte[].class);
    private static final String OPERATOR_TOKEN = "operator_token";

    private final byte[] hash;

    OperatorCredential(DSLContext db, @Value("${parley.operator-token:}") String configured) {
        this.hash = configured.isBlank() ? storedOrGenerated(db) : Secrets.hash(configured);
    }

    boolean matches(String bearer) {
        return bearer != null && Secrets.matches(bearer, hash);
    }

    private static byte[] storedOrGenerated(DSLContext db) {
        String token = "prl_operator_" + Secrets.generate();
        int inserted = db.insertInto(PLATFORM_SECRET)
                .set(NAME, OPERATOR_TOKEN)
                .set(SECRET_HASH, Secrets.hash(token))
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            log.warn("""

                    ================================================================
                    Parley generated an operator token. It is shown only this once:
                        {}
                    Set PARLEY_OPERATOR_TOKEN to choose your own instead.
                    ================================================================""", token);
        }
        return db.select(SECRET_HASH).from(PLATFORM_SECRET).where(NAME.eq(OPERATOR_TOKEN)).fetchOne(SECRET_HASH);
    }
}
