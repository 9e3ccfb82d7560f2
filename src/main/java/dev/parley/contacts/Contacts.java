package dev.parley.contacts;

import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;

import dev.parley.addresses.EmailAddress;
import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.storage.RenderedQuery;
import dev.parley.storage.Row;
import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.Conflict;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.InvalidInput.Problem;
import dev.parley.tenancy.NotFound;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record4;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes, finds and removes a tenant's contacts. */
@Service
public class Contacts {

    private static final Table<Record> CONTACT = table(name("contact"));
    private static final Table<Record> PHONE = table(name("contact_phone"));
    private static final Table<Record> EMAIL = table(name("contact_email"));
    private static final Table<Record> PET = table(name("pet"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> CONTACT_ID = field(name("contact_id"), Long.class);
    private static final Field<String> KIND = field(name("kind"), String.class);
    private static final Field<String> FIRST_NAME = field(name("first_name"), String.class);
    private static final Field<String> MIDDLE_NAME = field(name("middle_name"), String.class);
    private static final Field<String> LAST_NAME = field(name("last_name"), String.class);
    private static final Field<String> EXTERNAL_ID = field(name("external_id"), String.class);
    private static final Field<String> EXTERNAL_ID_TYPE = field(name("external_id_type"), String.class);
    private static final Field<Boolean> INACTIVE = field(name("inactive"), Boolean.class);
    private static final Field<Instant> CREATED_AT = field(name("created_at"), SqlTypes.INSTANT);
    private static final Field<Instant> UPDATED_AT = field(name("updated_at"), SqlTypes.INSTANT);
    private static final Field<String> E164 = field(name("e164"), String.class);
    private static final Field<String> EMAIL_ADDRESS = field(name("email"), String.class);
    private static final Field<Integer> POSITION = field(name("position"), Integer.class);
    private static final Field<Long> PET_ID = field(name("pet_id"), Long.class);
    private static final Field<String> PET_NAME = field(name("name"), String.class);
    private static final Field<String> SPECIES = field(name("species"), String.class);
    private static final Field<Boolean> DECEASED = field(name("deceased"), Boolean.class);
    private static final int MAX_NAME_LENGTH = 200;
    // A contact's phones, emails and pets, as multisets of the row that loads it.
    private static final Field<Result<Record1<String>>> PHONES =
            multiset(select(E164).from(PHONE).where(ofTheContact(PHONE)).orderBy(POSITION)).as("phones");
    private static final Field<Result<Record1<String>>> EMAILS =
            multiset(select(EMAIL_ADDRESS).from(EMAIL).where(ofTheContact(EMAIL)).orderBy(POSITION)).as("emails");
    private static final Field<Result<Record4<Long, String, String, Boolean>>> PETS =
            multiset(select(PET_ID, PET_NAME, SPECIES, DECEASED).from(PET).where(ofTheContact(PET)).orderBy(POSITION)).as("pets");

    // The contact of another feature's row, joined under its own name so that its columns cannot clash.
    private static final Table<Record> SUMMARY_CONTACT = table(name("contact")).as("summary_contact");
    private static final Field<Long> S_TENANT_ID = field(name("summary_contact", "tenant_id"), Long.class);
    private static final Field<Long> S_CONTACT_ID = field(name("summary_contact", "contact_id"), Long.class);
    private static final Field<String> S_KIND = field(name("summary_contact", "kind"), String.class);
    private static final Field<String> S_FIRST_NAME = field(name("summary_contact", "first_name"), String.class);
    private static final Field<String> S_LAST_NAME = field(name("summary_contact", "last_name"), String.class);

    // Selected as plain columns under names of their own: jOOQ would send a row() as one composite value to parse.
    private static final Field<Long> SUMMARY_ID = S_CONTACT_ID.as("summary_contact_id");
    private static final Field<String> SUMMARY_KIND = S_KIND.as("summary_kind");
    private static final Field<String> SUMMARY_FIRST_NAME = S_FIRST_NAME.as("summary_first_name");
    private static final Field<String> SUMMARY_LAST_NAME = S_LAST_NAME.as("summary_last_name");

    // A contact card's columns: the contact's, its first email, and one row for each of its pets (none without pets).
    private static final Field<Long> CARD_TENANT_ID = field(name("contact", "tenant_id"), Long.class);
    private static final Field<Long> CARD_ID = field(name("contact", "contact_id"), Long.class);
    private static final Field<String> CARD_FIRST_NAME = field(name("contact", "first_name"), String.class);
    private static final Field<String> CARD_LAST_NAME = field(name("contact", "last_name"), String.class);
    private static final Field<String> FIRST_EMAIL = field(select(EMAIL_ADDRESS).from(EMAIL).where(ofTheContact(EMAIL))
            .orderBy(POSITION).limit(inline(1))).as("first_email");
    private static final Field<Long> CARD_PET_ID = field(name("pet", "pet_id"), Long.class);
    private static final Field<String> CARD_PET_NAME = field(name("pet", "name"), String.class);
    private static final Field<String> CARD_SPECIES = field(name("pet", "species"), String.class);
    private static final Field<Boolean> CARD_DECEASED = field(name("pet", "deceased"), Boolean.class);
    private static final Field<Integer> CARD_PET_POSITION = field(name("pet", "position"), Integer.class);

    /** The columns to select for the contact joined by {@link #withSummary}; {@link #summaryOf} reads them. */
    public static final List<Field<?>> SUMMARY = List.of(SUMMARY_ID, SUMMARY_KIND, SUMMARY_FIRST_NAME, SUMMARY_LAST_NAME);

    private final DSLContext db;
    private final Tenants tenants;
    private final ApplicationEventPublisher events;
    /** {@link #findAll}'s statement: the same SQL for any number of ids (ADR 0026, 0029). */
    private final RenderedQuery byIds;
    /** {@link #summaries}'s statement, likewise. */
    private final RenderedQuery summariesByIds;
    /** {@link #cards}'s statement, likewise. */
    private final RenderedQuery cardsByIds;

    Contacts(DSLContext db, Tenants tenants, ApplicationEventPublisher events) {
        this.db = db;
        this.tenants = tenants;
        this.events = events;
        this.byIds = RenderedQuery.of(wholeContacts(db)
                .where(TENANT_ID.eq(param("tenant_id", Long.class)))
                .and(CONTACT_ID.eq(any(param("ids", Long[].class))))
                .orderBy(CONTACT_ID));
        this.summariesByIds = RenderedQuery.of(db.select(CONTACT_ID, KIND, FIRST_NAME, LAST_NAME)
                .from(CONTACT)
                .where(TENANT_ID.eq(param("tenant_id", Long.class)))
                .and(CONTACT_ID.eq(any(param("ids", Long[].class))))
                .orderBy(CONTACT_ID));
        this.cardsByIds = RenderedQuery.of(db.select(CARD_ID, CARD_FIRST_NAME, CARD_LAST_NAME, FIRST_EMAIL,
                        CARD_PET_ID, CARD_PET_NAME, CARD_SPECIES, CARD_DECEASED)
                .from(CONTACT.leftJoin(PET).on(ofTheContact(PET)))
                .where(CARD_TENANT_ID.eq(param("tenant_id", Long.class)))
                .and(CARD_ID.eq(any(param("ids", Long[].class))))
                .orderBy(CARD_ID, CARD_PET_POSITION));
    }

    @Transactional
    public Contact create(TenantId tenant, ContactDraft draft) {
        Checked checked = check(tenant, draft, true);
        long id;
        try {
            id = db.insertInto(CONTACT)
                    .set(TENANT_ID, tenant.value())
                    .set(KIND, checked.kind.wireName())
                    .set(FIRST_NAME, draft.firstName())
                    .set(MIDDLE_NAME, draft.middleName())
                    .set(LAST_NAME, draft.lastName())
                    .set(EXTERNAL_ID, draft.externalId())
                    .set(EXTERNAL_ID_TYPE, draft.externalIdType())
                    .set(INACTIVE, Boolean.TRUE.equals(draft.inactive()))
                    .returning(CONTACT_ID)
                    .fetchOne(CONTACT_ID);
        } catch (DuplicateKeyException e) {
            throw new Conflict("external_id", "Another contact has the external id '" + draft.externalId() + "'");
        }
        replacePhones(tenant, id, checked.phones);
        replaceEmails(tenant, id, checked.emails);
        replacePets(tenant, id, draft.pets());
        events.publishEvent(new ContactAddressesChanged(tenant, id, checked.phones, checked.emails));
        return get(tenant, id);
    }

    @Transactional
    public Contact update(TenantId tenant, long id, ContactDraft changes) {
        Contact current = get(tenant, id);
        Checked checked = check(tenant, changes, false);
        try {
            db.update(CONTACT)
                    .set(KIND, checked.kind == null ? current.kind().wireName() : checked.kind.wireName())
                    .set(FIRST_NAME, changes.firstName() == null ? current.firstName() : changes.firstName())
                    .set(MIDDLE_NAME, changes.middleName() == null ? current.middleName() : changes.middleName())
                    .set(LAST_NAME, changes.lastName() == null ? current.lastName() : changes.lastName())
                    .set(EXTERNAL_ID, changes.externalId() == null ? current.externalId() : changes.externalId())
                    .set(EXTERNAL_ID_TYPE, changes.externalIdType() == null ? current.externalIdType() : changes.externalIdType())
                    .set(INACTIVE, changes.inactive() == null ? current.inactive() : changes.inactive())
                    .set(UPDATED_AT, Instant.now())
                    .where(TENANT_ID.eq(tenant.value()).and(CONTACT_ID.eq(id)))
                    .execute();
        } catch (DuplicateKeyException e) {
            throw new Conflict("external_id", "Another contact has the external id '" + changes.externalId() + "'");
        }
        if (changes.phones() != null) {
            replacePhones(tenant, id, checked.phones);
        }
        if (changes.emails() != null) {
            replaceEmails(tenant, id, checked.emails);
        }
        if (changes.pets() != null) {
            replacePets(tenant, id, changes.pets());
        }
        if (changes.phones() != null || changes.emails() != null) {
            events.publishEvent(new ContactAddressesChanged(tenant, id, checked.phones, checked.emails));
        }
        return get(tenant, id);
    }

    /** Removes the contact; its conversations stay, as conversations with an unknown number or address. */
    @Transactional
    public void delete(TenantId tenant, long id) {
        int deleted = db.deleteFrom(CONTACT).where(TENANT_ID.eq(tenant.value()).and(CONTACT_ID.eq(id))).execute();
        if (deleted == 0) {
            throw new NotFound("contact", id);
        }
    }

    public Optional<Contact> find(TenantId tenant, long id) {
        return load(tenant, CONTACT_ID.eq(id), null, 1).stream().findFirst();
    }

    public Contact get(TenantId tenant, long id) {
        return find(tenant, id).orElseThrow(() -> new NotFound("contact", id));
    }

    /** Contacts by id, in no particular order; ids of other tenants or that do not exist are left out. */
    public List<Contact> findAll(TenantId tenant, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return byIds.fetch(db, Map.of("tenant_id", tenant.value(), "ids", RenderedQuery.anyOf(ids, Long[]::new)),
                row -> toContact(tenant, row));
    }

    /**
     * Who these contacts are, without their phones, emails and pets (a page of messages names its contacts and
     * shows nothing more of them); ids that are not the tenant's are left out. One statement, rendered once.
     */
    public List<ContactSummary> summaries(TenantId tenant, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Object> values = Map.of("tenant_id", tenant.value(), "ids", RenderedQuery.anyOf(ids, Long[]::new));
        return summariesByIds.fetch(db, values,
                row -> summary(row.get(CONTACT_ID), row.get(KIND), row.get(FIRST_NAME), row.get(LAST_NAME)));
    }

    /**
     * What a list of clients shows of these contacts ({@link ContactCard}), in no particular order; ids that are not
     * the tenant's are left out. One statement, rendered once, that reads no phone and one email of each contact.
     */
    public List<ContactCard> cards(TenantId tenant, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Object> values = Map.of("tenant_id", tenant.value(), "ids", RenderedQuery.anyOf(ids, Long[]::new));
        Map<Long, List<Row>> rowsByContact = new LinkedHashMap<>();
        for (Row row : cardsByIds.fetch(db, values, row -> row)) {
            rowsByContact.computeIfAbsent(row.get(CARD_ID), id -> new ArrayList<>()).add(row);
        }
        return rowsByContact.values().stream().map(rows -> {
            Row contact = rows.get(0);
            return new ContactCard(contact.get(CARD_ID), contact.get(CARD_FIRST_NAME), contact.get(CARD_LAST_NAME),
                    contact.get(FIRST_EMAIL), rows.stream().filter(pet -> pet.get(CARD_PET_ID) != null)
                            .map(pet -> new Pet(pet.get(CARD_PET_ID), pet.get(CARD_PET_NAME), pet.get(CARD_SPECIES),
                                    pet.get(CARD_DECEASED)))
                            .toList());
        }).toList();
    }

    /**
     * The id of the tenant's oldest contact with this phone number (E.164), as an SQL expression (null when no
     * contact has it), so that the statement storing a message finds its contact itself.
     */
    public static Field<Long> oldestWithPhone(Field<Long> tenantId, Field<String> e164) {
        return DSL.field(select(DSL.min(CONTACT_ID)).from(PHONE).where(TENANT_ID.eq(tenantId).and(E164.eq(e164))));
    }

    /** The id of the tenant's oldest contact with this email address, compared in lower case, as an SQL expression. */
    public static Field<Long> oldestWithEmail(Field<Long> tenantId, Field<String> email) {
        return DSL.field(select(DSL.min(CONTACT_ID)).from(EMAIL)
                .where(TENANT_ID.eq(tenantId).and(lower(EMAIL_ADDRESS).eq(lower(email)))));
    }

    /**
     * Another feature's rows, each with its contact beside it ({@link #SUMMARY} selects it, {@link #summaryOf}
     * reads it): {@code rows} left joined to the contact of {@code contactId} in {@code tenantId}. A list that
     * shows each row's contact reads them in its own statement instead of a second one.
     */
    public static Table<Record> withSummary(Table<?> rows, Field<Long> tenantId, Field<Long> contactId) {
        return rows.leftJoin(SUMMARY_CONTACT).on(S_TENANT_ID.eq(tenantId).and(S_CONTACT_ID.eq(contactId)));
    }

    /** The contact a row selected with {@link #SUMMARY} shows; null when it has none. */
    public static ContactSummary summaryOf(Row row) {
        return summary(row.get(SUMMARY_ID), row.get(SUMMARY_KIND), row.get(SUMMARY_FIRST_NAME), row.get(SUMMARY_LAST_NAME));
    }

    private static ContactSummary summary(Long id, String kind, String firstName, String lastName) {
        return id == null ? null : new ContactSummary(id, ContactKind.fromWire(kind).orElseThrow(), firstName, lastName);
    }

    /** The contacts this phone number (E.164) belongs to, oldest first. */
    public List<Contact> findByPhone(TenantId tenant, String e164) {
        Condition hasPhone = CONTACT_ID.in(select(CONTACT_ID).from(PHONE)
                .where(TENANT_ID.eq(tenant.value()).and(E164.eq(e164))));
        return load(tenant, hasPhone, null, 50);
    }

    /**
     * The id of the contact phone (a row of a contact's phones) for each of these numbers (E.164) that belongs
     * to a contact; a number on several contacts gives its oldest phone. Numbers of no contact are left out.
     */
    public Map<String, Long> phoneIds(TenantId tenant, Collection<String> e164s) {
        if (e164s.isEmpty()) {
            return Map.of();
        }
        Field<Long> phoneId = field(name("contact_phone_id"), Long.class);
        return db.select(E164, DSL.min(phoneId))
                .from(PHONE)
                .where(TENANT_ID.eq(tenant.value()).and(E164.in(e164s)))
                .groupBy(E164)
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    /** The contacts with this email address, compared in lower case, oldest first. */
    public List<Contact> findByEmail(TenantId tenant, String email) {
        Condition hasEmail = CONTACT_ID.in(select(CONTACT_ID).from(EMAIL)
                .where(TENANT_ID.eq(tenant.value()).and(lower(EMAIL_ADDRESS).eq(email.toLowerCase()))));
        return load(tenant, hasEmail, null, 50);
    }

    /**
     * Contacts whose name, email or phone contains {@code q} (case-insensitive; for phones, the digits
     * of {@code q} within the digits of the number), by id, after {@code afterId}.
     */
    public List<Contact> search(TenantId tenant, String q, Long afterId, int limit) {
        return load(tenant, matching(tenant, q), afterId, limit);
    }

    /** The ids of the contacts {@link #search} finds, as a subquery that other modules' queries can embed. */
    public Select<Record1<Long>> idsMatching(TenantId tenant, String q) {
        return select(CONTACT_ID).from(CONTACT).where(TENANT_ID.eq(tenant.value())).and(matching(tenant, q));
    }

    /** The ids of the contacts whose first or last name contains {@code text}, case-insensitive, as a subquery. */
    public Select<Record1<Long>> idsWithNameContaining(TenantId tenant, String text) {
        String pattern = "%" + escapeLike(text.trim().toLowerCase()) + "%";
        return select(CONTACT_ID).from(CONTACT).where(TENANT_ID.eq(tenant.value()))
                .and(lower(FIRST_NAME).like(pattern, '\\').or(lower(LAST_NAME).like(pattern, '\\')));
    }

    /**
     * A contact's display name ("First Last", null when it has neither) as an SQL expression over another
     * table's tenant and contact columns, for queries that filter or sort by it.
     */
    public static Field<String> displayNameOf(Field<Long> tenantId, Field<Long> contactId) {
        Field<String> first = field(name("contact", "first_name"), String.class);
        Field<String> last = field(name("contact", "last_name"), String.class);
        return DSL.field(select(DSL.nullif(DSL.trim(DSL.concat(DSL.coalesce(first, inline("")), inline(" "),
                        DSL.coalesce(last, inline("")))), inline("")))
                .from(CONTACT)
                .where(field(name("contact", "tenant_id"), Long.class).eq(tenantId)
                        .and(field(name("contact", "contact_id"), Long.class).eq(contactId))));
    }

    /**
     * A contact's kind (a {@link ContactKind#wireName()}) as an SQL expression over another table's tenant and
     * contact columns, null when there is no contact, for queries that filter by who a message is with.
     */
    public static Field<String> kindOf(Field<Long> tenantId, Field<Long> contactId) {
        return DSL.field(select(field(name("contact", "kind"), String.class))
                .from(CONTACT)
                .where(field(name("contact", "tenant_id"), Long.class).eq(tenantId)
                        .and(field(name("contact", "contact_id"), Long.class).eq(contactId))));
    }

    private static Condition matching(TenantId tenant, String q) {
        if (q == null || q.isBlank()) {
            return noCondition();
        }
        String pattern = "%" + escapeLike(q.trim().toLowerCase()) + "%";
        Condition matches = lower(FIRST_NAME).like(pattern, '\\')
                .or(lower(LAST_NAME).like(pattern, '\\'))
                .or(lower(FIRST_NAME.concat(inline(" ")).concat(LAST_NAME)).like(pattern, '\\'))
                .or(CONTACT_ID.in(select(CONTACT_ID).from(EMAIL)
                        .where(TENANT_ID.eq(tenant.value()).and(lower(EMAIL_ADDRESS).like(pattern, '\\')))));
        String digits = q.replaceAll("[^0-9]", "");
        if (digits.length() >= 3) {
            matches = matches.or(CONTACT_ID.in(select(CONTACT_ID).from(PHONE)
                    .where(TENANT_ID.eq(tenant.value()).and(E164.like("%" + digits + "%")))));
        }
        return matches;
    }

    /** Contacts with their phones, emails and pets, in one statement: the three lists are multisets of each row. */
    private List<Contact> load(TenantId tenant, Condition condition, Long afterId, int limit) {
        return wholeContacts(db)
                .where(TENANT_ID.eq(tenant.value()))
                .and(condition)
                .and(afterId == null ? noCondition() : CONTACT_ID.gt(afterId))
                .orderBy(CONTACT_ID)
                .limit(RowCount.of(limit))
                .fetch(Row.mapping(r -> toContact(tenant, r)));
    }

    /** Whole contacts, with their phones, emails and pets as multisets: one statement. */
    private static SelectJoinStep<? extends Record> wholeContacts(DSLContext db) {
        return db.select(CONTACT_ID, KIND, FIRST_NAME, MIDDLE_NAME, LAST_NAME, EXTERNAL_ID, EXTERNAL_ID_TYPE,
                        INACTIVE, CREATED_AT, UPDATED_AT, PHONES, EMAILS, PETS)
                .from(CONTACT);
    }

    private static Contact toContact(TenantId tenant, Row r) {
        return new Contact(tenant, r.get(CONTACT_ID), ContactKind.fromWire(r.get(KIND)).orElseThrow(),
                r.get(FIRST_NAME), r.get(MIDDLE_NAME), r.get(LAST_NAME), r.get(EXTERNAL_ID), r.get(EXTERNAL_ID_TYPE),
                r.get(INACTIVE), r.get(PHONES).map(Record1::value1), r.get(EMAILS).map(Record1::value1),
                r.get(PETS).map(p -> new Pet(p.value1(), p.value2(), p.value3(), p.value4())), r.get(CREATED_AT),
                r.get(UPDATED_AT));
    }

    /** The rows of {@code table} (phones, emails, pets) that belong to the contact of the enclosing query's row. */
    private static Condition ofTheContact(Table<?> table) {
        return field(name(table.getName(), "tenant_id"), Long.class).eq(field(name("contact", "tenant_id"), Long.class))
                .and(field(name(table.getName(), "contact_id"), Long.class).eq(field(name("contact", "contact_id"), Long.class)));
    }

    private void replacePhones(TenantId tenant, long id, List<String> phones) {
        db.deleteFrom(PHONE).where(TENANT_ID.eq(tenant.value()).and(CONTACT_ID.eq(id))).execute();
        for (int i = 0; i < phones.size(); i++) {
            db.insertInto(PHONE).set(TENANT_ID, tenant.value()).set(CONTACT_ID, id).set(E164, phones.get(i))
                    .set(POSITION, i).execute();
        }
    }

    private void replaceEmails(TenantId tenant, long id, List<String> emails) {
        db.deleteFrom(EMAIL).where(TENANT_ID.eq(tenant.value()).and(CONTACT_ID.eq(id))).execute();
        for (int i = 0; i < emails.size(); i++) {
            db.insertInto(EMAIL).set(TENANT_ID, tenant.value()).set(CONTACT_ID, id).set(EMAIL_ADDRESS, emails.get(i))
                    .set(POSITION, i).execute();
        }
    }

    private void replacePets(TenantId tenant, long id, List<ContactDraft.PetDraft> pets) {
        db.deleteFrom(PET).where(TENANT_ID.eq(tenant.value()).and(CONTACT_ID.eq(id))).execute();
        if (pets == null) {
            return;
        }
        for (int i = 0; i < pets.size(); i++) {
            ContactDraft.PetDraft pet = pets.get(i);
            db.insertInto(PET).set(TENANT_ID, tenant.value()).set(CONTACT_ID, id).set(PET_NAME, pet.name().trim())
                    .set(SPECIES, pet.species()).set(DECEASED, Boolean.TRUE.equals(pet.deceased())).set(POSITION, i)
                    .execute();
        }
    }

    /** The draft's values, checked; every problem is reported at once, each naming its field. */
    private Checked check(TenantId tenant, ContactDraft draft, boolean creating) {
        List<Problem> problems = new ArrayList<>();
        ContactKind kind = null;
        if (draft.kind() == null) {
            if (creating) {
                problems.add(new Problem("kind", "is required: one of " + ContactKind.allWireNames()));
            }
        } else {
            kind = ContactKind.fromWire(draft.kind()).orElse(null);
            if (kind == null) {
                problems.add(new Problem("kind", "'" + draft.kind() + "' is not one of " + ContactKind.allWireNames()));
            }
        }
        checkName(problems, "first_name", draft.firstName());
        checkName(problems, "middle_name", draft.middleName());
        checkName(problems, "last_name", draft.lastName());
        if (creating && isBlank(draft.firstName()) && isBlank(draft.lastName())) {
            problems.add(new Problem("first_name", "a first or last name is required"));
        }
        String region = tenants.get(tenant).country();
        LinkedHashSet<String> phones = new LinkedHashSet<>();
        List<String> phoneList = draft.phones() == null ? List.of() : draft.phones();
        for (int i = 0; i < phoneList.size(); i++) {
            try {
                phones.add(PhoneNumber.parse(phoneList.get(i), region).e164());
            } catch (InvalidAddress e) {
                problems.add(new Problem("phones[" + i + "]", e.getMessage()));
            }
        }
        LinkedHashSet<String> emails = new LinkedHashSet<>();
        List<String> emailList = draft.emails() == null ? List.of() : draft.emails();
        for (int i = 0; i < emailList.size(); i++) {
            try {
                emails.add(new EmailAddress(emailList.get(i)).value());
            } catch (InvalidAddress e) {
                problems.add(new Problem(emailList.size() == 1 ? "email" : "emails[" + i + "]", e.getMessage()));
            }
        }
        List<ContactDraft.PetDraft> pets = draft.pets() == null ? List.of() : draft.pets();
        for (int i = 0; i < pets.size(); i++) {
            ContactDraft.PetDraft pet = pets.get(i);
            if (pet == null || isBlank(pet.name())) {
                problems.add(new Problem("pets[" + i + "].name", "is required"));
            } else if (pet.name().length() > MAX_NAME_LENGTH) {
                problems.add(new Problem("pets[" + i + "].name", "is longer than " + MAX_NAME_LENGTH + " characters"));
            }
        }
        if (draft.externalId() != null && draft.externalId().isBlank()) {
            problems.add(new Problem("external_id", "must not be blank"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        return new Checked(kind, List.copyOf(phones), List.copyOf(emails));
    }

    private static void checkName(List<Problem> problems, String field, String value) {
        if (value != null && value.length() > MAX_NAME_LENGTH) {
            problems.add(new Problem(field, "is longer than " + MAX_NAME_LENGTH + " characters"));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private record Checked(ContactKind kind, List<String> phones, List<String> emails) {}
}
