package dev.parley.bench;

/**
 * The SQL of reads the benchmark measures, exactly as Parley sends it to the driver (bind values as {@code ?}),
 * so that a scenario's raw_sql runs the same SQL as its app request, as issue 9 defines it.
 * {@code AppStatementsTest} fails when Parley's statements change and these do not.
 */
final class AppStatements {

    private AppStatements() {}

    private static final String MESSAGE_COLUMNS = """
            "message"."message_id", "message"."conversation_id", "message"."location_id", "message"."channel", \
            "message"."direction", "message"."automated", "message"."body", "message"."subject", "message"."from_address", \
            "message"."to_address", "message"."status", "message"."provider", "message"."provider_message_id", \
            "message"."provider_status", "message"."error_code", "message"."error_reason", "message"."send_at", \
            "message"."occurred_at", "message"."created_at", "message"."updated_at", "message"."read_at", "message"."read_by", \
            "message"."resolved_at", "message"."resolved_by", "message"."sent_by", "message"."reply_to_staff_id", \
            "message"."replies_to_automated", "message"."anonymized_at", "message"."tags\"""";

    private static final String ATTACHMENTS_AND_RECEIPTS = """
            (select coalesce(jsonb_agg(jsonb_build_array(t."v0", t."v1", t."v2", t."v3", t."v4", t."v5", t."v6")), \
            jsonb_build_array()) from (select "message_attachment"."kind" as "v0", "message_attachment"."url" as "v1", \
            "message_attachment"."content_type" as "v2", "message_attachment"."file_name" as "v3", \
            "message_attachment"."size_bytes" as "v4", "message_attachment"."reference" as "v5", \
            "message_attachment"."updated_at" as "v6" from "message_attachment" where \
            ("message_attachment"."tenant_id" = "conversation"."tenant_id" and "message_attachment"."message_id" = \
            "message"."message_id") order by "message_attachment"."position") as t) as "attachments", \
            (select coalesce(jsonb_agg(jsonb_build_array(t."v0", t."v1")), jsonb_build_array()) from \
            (select "message_seen"."staff_user_id" as "v0", "message_seen"."seen_at" as "v1" from "message_seen" where \
            ("message_seen"."tenant_id" = "conversation"."tenant_id" and "message_seen"."message_id" = \
            "message"."message_id")) as t) as "seen_by\"""";

    private static final String CONVERSATION_COLUMNS = """
            "conversation"."conversation_id", "conversation"."location_id", "conversation"."channel", \
            "conversation"."counterpart", "conversation"."contact_id", "conversation"."status", \
            "conversation"."snoozed_until", "conversation"."assignee_id", "conversation"."tags", \
            "conversation"."unread_count", "conversation"."message_count", "conversation"."last_message_id", \
            "conversation"."last_message_at", "conversation"."last_activity_at", "conversation"."awaiting_reply_since", \
            "conversation"."created_at", "conversation"."updated_at", "conversation"."opted_out\"""";

    private static final String CONTACT_SUMMARY_COLUMNS = """
            "summary_contact"."contact_id" as "summary_contact_id", "summary_contact"."kind" as "summary_kind", \
            "summary_contact"."first_name" as "summary_first_name", "summary_contact"."last_name" as "summary_last_name\"""";

    private static final String LIST_SELECT = "select " + CONVERSATION_COLUMNS + ", " + CONTACT_SUMMARY_COLUMNS + ", "
            + MESSAGE_COLUMNS + ", " + ATTACHMENTS_AND_RECEIPTS + " " + """
            from "conversation" left outer join "contact" as "summary_contact" on ("summary_contact"."tenant_id" = \
            "conversation"."tenant_id" and "summary_contact"."contact_id" = "conversation"."contact_id") \
            left outer join "message" on ("message"."tenant_id" = "conversation"."tenant_id" and \
            "message"."message_id" = "conversation"."last_message_id")""";

    private static String listOrder(int rows) {
        return " order by \"conversation\".\"last_activity_at\" desc, \"conversation\".\"conversation_id\" desc fetch next "
                + rows + " rows only";
    }

    /**
     * The first page of the conversation list with its contacts' names, {@code rows} = page size + 1 (the last tells
     * whether there are more); binds: tenant.
     */
    static String listFirst(int rows) {
        return LIST_SELECT + " where \"conversation\".\"tenant_id\" = ?" + listOrder(rows);
    }

    /** A later page of the conversation list; binds: tenant, cursor time, cursor id. */
    static String listAfter(int rows) {
        return LIST_SELECT + " " + """
                where ("conversation"."tenant_id" = ? and ("conversation"."last_activity_at", \
                "conversation"."conversation_id") < ((select ?::timestamptz), (select ?)))""" + listOrder(rows);
    }

    private static final String THREAD_SELECT = "select " + MESSAGE_COLUMNS + ", \"conversation\".\"contact_id\", "
            + ATTACHMENTS_AND_RECEIPTS + " " + """
            from "message" join "conversation" on ("conversation"."tenant_id" = "message"."tenant_id" and \
            "conversation"."conversation_id" = "message"."conversation_id")""";

    private static String messageOrder(int rows) {
        return " order by \"message\".\"occurred_at\" desc, \"message\".\"message_id\" desc offset 0 rows fetch next "
                + rows + " rows only";
    }

    /** The newest page of a thread, {@code rows} = page size + 1; binds: tenant, conversation. */
    static String threadFirst(int rows) {
        return THREAD_SELECT + " " + """
                where ("message"."tenant_id" = ? and "message"."conversation_id" = ?)""" + messageOrder(rows);
    }

    /** An older page of a thread, {@code rows} = page size + 1; binds: tenant, conversation, cursor time, cursor id. */
    static String threadBefore(int rows) {
        return THREAD_SELECT + " " + """
                where ("message"."tenant_id" = ? and "message"."conversation_id" = ? and ("message"."occurred_at", \
                "message"."message_id") < (?::timestamptz, ?))""" + messageOrder(rows);
    }

    /**
     * MedChat's first 25 active chats with a message since a time, newest first, each with its contact's name and its
     * location's SMS number; binds: tenant (the numbers), tenant, the time.
     */
    static final String MEDCHAT_CHATS = "select " + CONVERSATION_COLUMNS + ", " + CONTACT_SUMMARY_COLUMNS + ", " + """
            "location_primary_address"."address" as "location_address" from "conversation" left outer join "contact" as \
            "summary_contact" on ("summary_contact"."tenant_id" = "conversation"."tenant_id" and \
            "summary_contact"."contact_id" = "conversation"."contact_id") left outer join (select distinct on \
            ("location_address"."location_id") "location_address"."location_id", "location_address"."address" from \
            "location_address" where ("location_address"."tenant_id" = ? and "location_address"."channel" = 'sms') \
            order by "location_address"."location_id", "location_address"."is_primary" desc, "location_address"."address") \
            as "location_primary_address" ("location_id", "address") on "location_primary_address"."location_id" = \
            "conversation"."location_id" where ("conversation"."tenant_id" = ? and \
            "conversation"."channel" = 'sms' and \
            "conversation"."opted_out" = false and "conversation"."status" = 'open' and \
            "conversation"."last_message_at" >= ?::timestamptz) order by "conversation"."last_message_at" desc nulls last, \
            "conversation"."conversation_id" desc offset 0 rows fetch next 25 rows only""";


    /** One batch of 32 in the vet portal's walk along SMS threads newest message first; binds: tenant, 'sms'. */
    static final String CLIENT_WALK = """
            select "conversation"."conversation_id", "conversation"."contact_id", "conversation"."counterpart", \
            "conversation"."last_message_id", "conversation"."last_message_at" from "conversation" where \
            ("conversation"."tenant_id" = ? and "conversation"."channel" = ? and "conversation"."last_message_at" is not null \
            and "conversation"."last_message_id" is not null) order by "conversation"."last_message_at" desc nulls last, \
            "conversation"."conversation_id" desc fetch next 32 rows only""";

    /**
     * Which of a client page's contacts and unknown numbers have something unread; binds: tenant, 'sms', the contact
     * ids (bigint[]), the unknown numbers (text[]).
     */
    static final String CLIENTS_UNREAD = """
            select distinct "conversation"."contact_id", "conversation"."counterpart" from "conversation" where \
            ("conversation"."tenant_id" = ? and "conversation"."channel" = ? and "conversation"."unread_count" > 0 and \
            "conversation"."last_message_id" is not null and ("conversation"."contact_id" = any (cast(? as bigint[])) or \
            ("conversation"."contact_id" is null and "conversation"."counterpart" = any (cast(? as varchar[])))))""";

    /** What a client row shows of its newest messages (id, body, status, time); binds: tenant, the ids (bigint[]). */
    static final String LAST_MESSAGES = """
            select "message"."message_id", "message"."body", "message"."status", "message"."occurred_at" from "message" \
            where ("message"."tenant_id" = ? and "message"."message_id" = any (cast(? as bigint[])))""";

    /**
     * What a client row shows of its contacts: names, first email, and a row for each pet; binds: tenant, the ids
     * (bigint[]).
     */
    static final String CONTACT_CARDS = """
            select "contact"."contact_id", "contact"."first_name", "contact"."last_name", (select "email" from \
            "contact_email" where ("contact_email"."tenant_id" = "contact"."tenant_id" and "contact_email"."contact_id" = \
            "contact"."contact_id") order by "position" fetch next 1 rows only) as "first_email", "pet"."pet_id", \
            "pet"."name", "pet"."species", "pet"."deceased" from "contact" left outer join "pet" on \
            ("pet"."tenant_id" = "contact"."tenant_id" and "pet"."contact_id" = "contact"."contact_id") where \
            ("contact"."tenant_id" = ? and "contact"."contact_id" = any (cast(? as bigint[]))) order by \
            "contact"."contact_id", "pet"."position\"""";

    /** Unread totals from the striped counters; binds: tenant, 0. */
    static final String UNREAD_TOTALS = """
            select "unread_stripe"."location_id", "unread_stripe"."channel", "unread_stripe"."known_contact", \
            sum("unread_stripe"."unread_conversations"), sum("unread_stripe"."unread_messages") from "unread_stripe" where \
            "unread_stripe"."tenant_id" = ? group by "unread_stripe"."location_id", "unread_stripe"."channel", \
            "unread_stripe"."known_contact" having sum("unread_stripe"."unread_conversations") > 0""";

    /** The CareHQ credential named by a request's key (once per credential and node); binds: tenant, API key, dialect. */
    static final String CAREHQ_CREDENTIAL = """
            select "credential_id", "secret" from "api_credential" where ("tenant_id" = ? and "api_key" = ? \
            and "dialect" = ? and "revoked_at" is null)""";

    /**
     * The start of CareHQ's list transaction for a filter one plan serves whatever its values: one snapshot for the
     * count and the page, and their plans kept (ADR 0036).
     */
    static final String CAREHQ_SNAPSHOT = "set transaction isolation level repeatable read; "
            + "set local plan_cache_mode = force_generic_plan";

    /**
     * CareHQ's item_count for whole days of one channel and direction, a sum of the day counters (ADR 0028); binds:
     * tenant, first day.
     */
    static final String CAREHQ_DAY_COUNT = """
            select cast(coalesce(sum("message_day_count"."messages"), 0) as bigint) as "messages" from \
            "message_day_count" where ("message_day_count"."tenant_id" = ? and "message_day_count"."day" >= cast(? as \
            date) and "message_day_count"."channel" in ('sms') and "message_day_count"."direction" in ('inbound'))""";

    /**
     * CareHQ's first page of 25 inbound messages of a channel since a time, newest first, when the request shows ids
     * alone (ADR 0043); binds: tenant, channel, since.
     */
    static final String CAREHQ_IDS_PAGE = """
            select "message"."message_id" from "message" where ("message"."tenant_id" = ? and "message"."channel" = ? \
            and "message"."direction" = 'inbound' and "message"."occurred_at" >= ?::timestamptz) order by \
            "message"."occurred_at" desc, "message"."message_id" desc, "message"."message_id" asc offset 0 rows fetch \
            next 25 rows only""";

    /**
     * The admission of a signed request's nonce while its credential is live, counted in the credential's rate
     * window; binds: tenant, credential, tenant, credential, nonce, signed at, forget signed before, tenant,
     * credential, window seconds twice.
     */
    static final String CAREHQ_ADMIT = """
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
}
