package dev.parley.tenancy;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.addresses.EmailAddress;
import dev.parley.addresses.InvalidAddress;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The staff of a tenant. */
@Service
public class StaffUsers {

    private static final Table<Record> STAFF_USER = table(name("staff_user"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> STAFF_USER_ID = field(name("staff_user_id"), Long.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<String> EMAIL = field(name("email"), String.class);
    private static final Field<String> IMAGE_URL = field(name("image_url"), String.class);

    private final DSLContext db;

    StaffUsers(DSLContext db) {
        this.db = db;
    }

    @Transactional
    public StaffUser create(TenantId tenant, String staffName, String email) {
        if (staffName == null || staffName.isBlank()) {
            throw new InvalidInput("name", "is required");
        }
        String checkedEmail;
        try {
            checkedEmail = email == null ? null : new EmailAddress(email).value();
        } catch (InvalidAddress e) {
            throw new InvalidInput("email", e.getMessage());
        }
        return db.insertInto(STAFF_USER)
                .set(TENANT_ID, tenant.value())
                .set(NAME, staffName.trim())
                .set(EMAIL, checkedEmail)
                .returning(STAFF_USER_ID, NAME, EMAIL, IMAGE_URL)
                .fetchOne(StaffUsers::toStaffUser);
    }

    public Optional<StaffUser> find(TenantId tenant, long id) {
        return db.select(STAFF_USER_ID, NAME, EMAIL, IMAGE_URL)
                .from(STAFF_USER)
                .where(TENANT_ID.eq(tenant.value()).and(STAFF_USER_ID.eq(id)))
                .fetchOptional(StaffUsers::toStaffUser);
    }

    /** Staff users by id, in no particular order; ids of other tenants or that do not exist are left out. */
    public List<StaffUser> findAll(TenantId tenant, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.select(STAFF_USER_ID, NAME, EMAIL, IMAGE_URL)
                .from(STAFF_USER)
                .where(TENANT_ID.eq(tenant.value()).and(STAFF_USER_ID.in(ids)))
                .fetch(StaffUsers::toStaffUser);
    }

    public List<StaffUser> list(TenantId tenant) {
        return db.select(STAFF_USER_ID, NAME, EMAIL, IMAGE_URL)
                .from(STAFF_USER)
                .where(TENANT_ID.eq(tenant.value()))
                .orderBy(STAFF_USER_ID)
                .fetch(StaffUsers::toStaffUser);
    }

    private static StaffUser toStaffUser(Record r) {
        return new StaffUser(r.get(STAFF_USER_ID), r.get(NAME), r.get(EMAIL), r.get(IMAGE_URL));
    }
}
