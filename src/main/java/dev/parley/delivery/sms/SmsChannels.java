package dev.parley.delivery.sms;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.InvalidInput.Problem;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Each tenant's SMS provider settings. A tenant with none set uses the simulator. */
@Service
public class SmsChannels {

    private static final Table<Record> SMS_CHANNEL = table(name("sms_channel"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<String> PROVIDER = field(name("provider"), String.class);
    private static final Field<String> ACCOUNT_SID = field(name("account_sid"), String.class);
    private static final Field<String> AUTH_TOKEN = field(name("auth_token"), String.class);
    private static final Field<String> MESSAGING_SERVICE_SID = field(name("messaging_service_sid"), String.class);
    private static final Field<String> BASE_URL = field(name("base_url"), String.class);
    private static final Field<Instant> UPDATED_AT = field(name("updated_at"), SqlTypes.INSTANT);
    private static final Pattern ACCOUNT_SID_FORMAT = Pattern.compile("^AC[0-9a-fA-F]{32}$");
    private static final Pattern SERVICE_SID_FORMAT = Pattern.compile("^MG[0-9a-fA-F]{32}$");

    private final DSLContext db;
    private final Tenants tenants;

    SmsChannels(DSLContext db, Tenants tenants) {
        this.db = db;
        this.tenants = tenants;
    }

    /** How long {@link #recentSettings} trusts what it read. */
    private static final Duration RECENT = Duration.ofSeconds(10);

    private record Read(SmsSettings settings, long atNanos) {}

    private final Map<Long, Read> recent = new ConcurrentHashMap<>();

    /**
     * A tenant's settings as read at most ten seconds ago, for checking webhook signatures on every request
     * without a query each. A check that fails against them must be retried with {@link #settings}: the
     * tenant may have just changed its token.
     */
    public SmsSettings recentSettings(TenantId tenant) {
        Read read = recent.get(tenant.value());
        if (read == null || System.nanoTime() - read.atNanos() > RECENT.toNanos()) {
            read = new Read(settings(tenant), System.nanoTime());
            recent.put(tenant.value(), read);
        }
        return read.settings();
    }

    public SmsSettings settings(TenantId tenant) {
        return db.select(PROVIDER, ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID, BASE_URL)
                .from(SMS_CHANNEL)
                .where(TENANT_ID.eq(tenant.value()))
                .fetchOptional(r -> new SmsSettings(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()))
                .orElse(SmsSettings.simulator());
    }

    /** Checks and stores a tenant's settings; every problem is named at once. */
    @Transactional
    public SmsSettings configure(TenantId tenant, SmsSettings settings) {
        tenants.get(tenant);
        List<Problem> problems = new ArrayList<>();
        if (settings.provider() == null) {
            problems.add(new Problem("provider", "is required: twilio or simulator"));
        } else if (settings.isTwilio()) {
            if (settings.accountSid() == null || !ACCOUNT_SID_FORMAT.matcher(settings.accountSid()).matches()) {
                problems.add(new Problem("account_sid", "must be a Twilio account SID: AC and 32 hexadecimal digits"));
            }
            if (settings.authToken() == null || settings.authToken().isBlank()) {
                problems.add(new Problem("auth_token", "is required"));
            }
            if (settings.messagingServiceSid() != null && !SERVICE_SID_FORMAT.matcher(settings.messagingServiceSid()).matches()) {
                problems.add(new Problem("messaging_service_sid", "must be MG and 32 hexadecimal digits"));
            }
            if (settings.baseUrl() != null && !isHttpUrl(settings.baseUrl())) {
                problems.add(new Problem("base_url", "must be an http or https URL such as https://api.twilio.com"));
            }
        } else if (!SmsSettings.SIMULATOR.equals(settings.provider())) {
            problems.add(new Problem("provider", "'" + settings.provider() + "' is not one of twilio, simulator"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        SmsSettings stored = settings.isTwilio() ? new SmsSettings(SmsSettings.TWILIO, settings.accountSid(),
                settings.authToken(), settings.messagingServiceSid(), trimSlash(settings.baseUrl())) : SmsSettings.simulator();
        db.insertInto(SMS_CHANNEL)
                .set(TENANT_ID, tenant.value()).set(PROVIDER, stored.provider()).set(ACCOUNT_SID, stored.accountSid())
                .set(AUTH_TOKEN, stored.authToken()).set(MESSAGING_SERVICE_SID, stored.messagingServiceSid())
                .set(BASE_URL, stored.baseUrl())
                .onConflict(TENANT_ID)
                .doUpdate()
                .set(PROVIDER, stored.provider()).set(ACCOUNT_SID, stored.accountSid()).set(AUTH_TOKEN, stored.authToken())
                .set(MESSAGING_SERVICE_SID, stored.messagingServiceSid()).set(BASE_URL, stored.baseUrl())
                .set(UPDATED_AT, Instant.now())
                .execute();
        recent.remove(tenant.value());
        return stored;
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String trimSlash(String url) {
        return url == null ? null : url.replaceAll("/+$", "");
    }
}
