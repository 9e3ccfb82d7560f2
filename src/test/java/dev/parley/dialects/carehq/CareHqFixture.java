package dev.parley.dialects.carehq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.ContactDraft;
import dev.parley.contacts.ContactKind;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Attachment;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.MessageStatus;
import dev.parley.conversations.NewMessage;
import dev.parley.conversations.RecordedMessage;
import dev.parley.testing.Http;
import dev.parley.testing.TestTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.DSLContext;

/** A tenant with a signed CareHQ client, and factories for the messages, contacts and staff the tests need. */
final class CareHqFixture {

    static final String LOCATION_EMAIL = "demo@marshallcare.example";

    final Http http;
    final TestTenant tenant;
    final SignedClient client;
    private final Conversations conversations;
    private final Contacts contacts;
    private final DSLContext db;
    private final Map<Long, String> numbers = new java.util.HashMap<>();

    CareHqFixture(Http http, Conversations conversations, Contacts contacts, DSLContext db) {
        this.http = http;
        this.tenant = TestTenant.create(http);
        this.client = new SignedClient(http, SignedClient.issue(http, tenant.token()));
        this.conversations = conversations;
        this.contacts = contacts;
        this.db = db;
        numbers.put(tenant.locationId(), tenant.smsNumber());
    }

    /** A CareHQ id as the document shows them: 24 lower-case hex characters. */
    static String hex(long id) {
        return String.format(Locale.ROOT, "%024x", id);
    }

    long staff(String name) {
        Http.Response created = http.post("/api/v1/staff", tenant.token(), Map.of("name", name));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    long location(String name) {
        String number = TestTenant.uniqueNumber();
        Http.Response created = http.post("/api/v1/locations", tenant.token(), Map.of("name", name,
                "timezone", "Europe/London", "sms_number", number));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        numbers.put(id, number);
        return id;
    }

    /** A contact of a kind, reached at an address: an email address when it has an @, a phone number otherwise. */
    long contact(ContactKind kind, String firstName, String lastName, String address) {
        boolean email = address.contains("@");
        return contacts.create(tenant.tenantId(), new ContactDraft(kind.wireName(), firstName, null, lastName,
                email ? List.of(address) : null, email ? null : List.of(address), null, null, null, null)).id();
    }

    Draft message() {
        return new Draft();
    }

    /** Sets a column of a stored message that no command sets yet (anonymized, reply-to, resolved, times, tags). */
    void set(long messageId, String column, Object value) {
        String cast = column.equals("tags") ? "?::text[]" : column.endsWith("_at") ? "?::timestamptz" : "?";
        db.execute("update message set " + column + " = " + cast + " where tenant_id = ? and message_id = ?",
                value instanceof Instant ? value.toString() : value, tenant.id(), messageId);
    }

    /** The ids of a list answer's items, in order. */
    static List<String> ids(Http.Response answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        answer.json().get("items").valueStream().forEach(item -> ids.add(item.get("_id").asString()));
        return ids;
    }

    List<String> ids(String... parameters) {
        return ids(client.get("messages", parameters));
    }

    /** A message to record; inbound SMS from a new number, now, unless told otherwise. */
    final class Draft {
        private long locationId = tenant.locationId();
        private Channel channel = Channel.SMS;
        private Direction direction = Direction.INBOUND;
        private String counterpart = TestTenant.uniqueNumber();
        private Long contactId;
        private MessageStatus status;
        private Instant at = Instant.now();
        private Long sentBy;
        private String subject;
        private String body = "Hello";
        private String provider = "simulator";
        private final List<Attachment> attachments = new ArrayList<>();

        Draft at(long locationId) {
            this.locationId = locationId;
            return this;
        }

        Draft email(String address) {
            this.channel = Channel.EMAIL;
            this.counterpart = address;
            return this;
        }

        Draft sms(String number) {
            this.channel = Channel.SMS;
            this.counterpart = number;
            return this;
        }

        Draft outbound() {
            this.direction = Direction.OUTBOUND;
            return this;
        }

        Draft with(long contactId) {
            this.contactId = contactId;
            return this;
        }

        Draft status(MessageStatus status) {
            this.status = status;
            return this;
        }

        Draft when(Instant at) {
            this.at = at;
            return this;
        }

        Draft sentBy(long staff) {
            this.sentBy = staff;
            return this;
        }

        Draft subject(String subject) {
            this.subject = subject;
            return this;
        }

        Draft body(String body) {
            this.body = body;
            return this;
        }

        Draft provider(String provider) {
            this.provider = provider;
            return this;
        }

        Draft attach(String kind, String reference) {
            attachments.add(new Attachment(kind, null, "application/pdf", reference + ".pdf", null, reference, null));
            return this;
        }

        RecordedMessage record() {
            MessageStatus given = status != null ? status
                    : direction == Direction.INBOUND ? MessageStatus.RECEIVED : MessageStatus.SENT;
            String own = channel == Channel.EMAIL ? LOCATION_EMAIL : numbers.get(locationId);
            return conversations.record(tenant.tenantId(), new NewMessage(locationId, channel, direction, counterpart,
                    own, contactId, false, body, subject, given, at, null, sentBy, provider, null, attachments));
        }

        long id() {
            return record().id();
        }
    }
}
