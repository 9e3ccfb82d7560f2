package dev.parley.automation;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of automation runs. Parley's automation (keyword replies, after-hours replies, scheduled and bulk
 * sends) records each run here as it is built; until then the record is empty but real.
 */
@Service
public class TextBotExecutions {

    private static final Table<Record> EXECUTION = table(name("text_bot_execution"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> EXECUTION_ID = field(name("execution_id"), Long.class);
    private static final Field<Long> CONVERSATION_ID = field(name("conversation_id"), Long.class);
    private static final Field<String> BOT_NAME = field(name("bot_name"), String.class);
    private static final Field<Instant> STARTED_AT = field(name("started_at"), SqlTypes.INSTANT);
    private static final Field<Instant> FINISHED_AT = field(name("finished_at"), SqlTypes.INSTANT);
    private static final Field<String> OUTCOME = field(name("outcome"), String.class);

    private final DSLContext db;

    TextBotExecutions(DSLContext db) {
        this.db = db;
    }

    /** Records a finished run. */
    @Transactional
    public TextBotExecution record(TenantId tenant, long conversationId, String botName, Instant startedAt,
                                   Instant finishedAt, String outcome) {
        return db.insertInto(EXECUTION)
                .set(TENANT_ID, tenant.value()).set(CONVERSATION_ID, conversationId).set(BOT_NAME, botName)
                .set(STARTED_AT, startedAt).set(FINISHED_AT, finishedAt).set(OUTCOME, outcome)
                .returning(EXECUTION_ID, CONVERSATION_ID, BOT_NAME, STARTED_AT, FINISHED_AT, OUTCOME)
                .fetchOne(TextBotExecutions::toExecution);
    }

    /** The runs in these conversations, oldest first, in one query. */
    public Map<Long, List<TextBotExecution>> inConversations(TenantId tenant, Collection<Long> conversationIds) {
        if (conversationIds.isEmpty()) {
            return Map.of();
        }
        return db.select(EXECUTION_ID, CONVERSATION_ID, BOT_NAME, STARTED_AT, FINISHED_AT, OUTCOME)
                .from(EXECUTION)
                .where(TENANT_ID.eq(tenant.value()).and(CONVERSATION_ID.in(conversationIds)))
                .orderBy(STARTED_AT, EXECUTION_ID)
                .fetch(TextBotExecutions::toExecution)
                .stream()
                .collect(Collectors.groupingBy(TextBotExecution::conversationId));
    }

    private static TextBotExecution toExecution(Record r) {
        return new TextBotExecution(r.get(EXECUTION_ID), r.get(CONVERSATION_ID), r.get(BOT_NAME), r.get(STARTED_AT),
                r.get(FINISHED_AT), r.get(OUTCOME));
    }
}
