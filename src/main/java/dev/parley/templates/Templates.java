package dev.parley.templates;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.parley.storage.RowCount;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.Locations;
import dev.parley.tenancy.NotFound;
import dev.parley.tenancy.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's templates in their order. A new template goes last; moving one to another place shifts the
 * others, so that the order stays 1, 2, 3, ... without gaps.
 */
@Service
public class Templates {

    public static final int MAX_BODY_LENGTH = 1600;
    private static final Table<Record> TEMPLATE = table(name("template"));
    private static final Field<Long> TENANT_ID = field(name("tenant_id"), Long.class);
    private static final Field<Long> TEMPLATE_ID = field(name("template_id"), Long.class);
    private static final Field<Long> LOCATION_ID = field(name("location_id"), Long.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<String> BODY = field(name("body"), String.class);
    private static final Field<Integer> POSITION = field(name("position"), Integer.class);
    private static final Field<Instant> LAST_USED_AT = field(name("last_used_at"), SqlTypes.INSTANT);
    private static final Field<Instant> CREATED_AT = field(name("created_at"), SqlTypes.INSTANT);
    private static final Field<Instant> UPDATED_AT = field(name("updated_at"), SqlTypes.INSTANT);

    private final DSLContext db;
    private final Locations locations;

    Templates(DSLContext db, Locations locations) {
        this.db = db;
        this.locations = locations;
    }

    public List<Template> list(TenantId tenant) {
        return db.select(TEMPLATE_ID, LOCATION_ID, NAME, BODY, POSITION, LAST_USED_AT, CREATED_AT, UPDATED_AT)
                .from(TEMPLATE)
                .where(TENANT_ID.eq(tenant.value()))
                .orderBy(POSITION, TEMPLATE_ID)
                .fetch(Templates::toTemplate);
    }

    /** One page of the list in its order, from an offset. */
    public List<Template> page(TenantId tenant, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new InvalidInput(offset < 0 ? "offset" : "limit", "must be 0 or more");
        }
        return db.select(TEMPLATE_ID, LOCATION_ID, NAME, BODY, POSITION, LAST_USED_AT, CREATED_AT, UPDATED_AT)
                .from(TEMPLATE)
                .where(TENANT_ID.eq(tenant.value()))
                .orderBy(POSITION, TEMPLATE_ID)
                .offset(RowCount.of(offset))
                .limit(RowCount.of(limit))
                .fetch(Templates::toTemplate);
    }

    public int count(TenantId tenant) {
        return db.fetchCount(TEMPLATE, TENANT_ID.eq(tenant.value()));
    }

    public Template get(TenantId tenant, long id) {
        return db.select(TEMPLATE_ID, LOCATION_ID, NAME, BODY, POSITION, LAST_USED_AT, CREATED_AT, UPDATED_AT)
                .from(TEMPLATE)
                .where(TENANT_ID.eq(tenant.value()).and(TEMPLATE_ID.eq(id)))
                .fetchOptional(Templates::toTemplate)
                .orElseThrow(() -> new NotFound("template", id));
    }

    @Transactional
    public Template create(TenantId tenant, String templateName, String body, Long locationId, Integer order) {
        checkBody(body, true);
        checkOrder(order);
        if (locationId != null && locations.find(tenant, locationId).isEmpty()) {
            throw new InvalidInput("location_id", "no location with id " + locationId);
        }
        lockList(tenant);
        int last = db.select(coalesce(max(POSITION), 0)).from(TEMPLATE).where(TENANT_ID.eq(tenant.value()))
                .fetchOne(0, Integer.class);
        long id = db.insertInto(TEMPLATE)
                .set(TENANT_ID, tenant.value())
                .set(LOCATION_ID, locationId)
                .set(NAME, templateName)
                .set(BODY, body)
                .set(POSITION, last + 1)
                .returning(TEMPLATE_ID)
                .fetchOne(TEMPLATE_ID);
        if (order != null) {
            moveTo(tenant, id, order);
        }
        return get(tenant, id);
    }

    /** Changes the body, the name or the place in the order (1 is first; past the end means last). */
    @Transactional
    public Template update(TenantId tenant, long id, String templateName, String body, Integer order) {
        lockList(tenant);
        Template current = get(tenant, id);
        if (body != null) {
            checkBody(body, false);
        }
        checkOrder(order);
        db.update(TEMPLATE)
                .set(NAME, templateName == null ? current.name() : templateName)
                .set(BODY, body == null ? current.body() : body)
                .set(UPDATED_AT, Instant.now())
                .where(TENANT_ID.eq(tenant.value()).and(TEMPLATE_ID.eq(id)))
                .execute();
        if (order != null && order != current.order()) {
            moveTo(tenant, id, order);
        }
        return get(tenant, id);
    }

    private void moveTo(TenantId tenant, long id, int order) {
        List<Long> ids = new ArrayList<>(list(tenant).stream().map(Template::id).toList());
        ids.remove(id);
        ids.add(Math.min(order, ids.size() + 1) - 1, id);
        renumber(tenant, ids);
    }

    private static void checkOrder(Integer order) {
        if (order != null && order < 1) {
            throw new InvalidInput("order", "must be 1 or more");
        }
    }

    @Transactional
    public void delete(TenantId tenant, long id) {
        lockList(tenant);
        int deleted = db.deleteFrom(TEMPLATE).where(TENANT_ID.eq(tenant.value()).and(TEMPLATE_ID.eq(id))).execute();
        if (deleted == 0) {
            throw new NotFound("template", id);
        }
        renumber(tenant, list(tenant).stream().map(Template::id).toList());
    }

    /** Records that a template was used to write a message just now. */
    @Transactional
    public void markUsed(TenantId tenant, long id) {
        int updated = db.update(TEMPLATE).set(LAST_USED_AT, Instant.now())
                .where(TENANT_ID.eq(tenant.value()).and(TEMPLATE_ID.eq(id))).execute();
        if (updated == 0) {
            throw new NotFound("template", id);
        }
    }

    private void renumber(TenantId tenant, List<Long> idsInOrder) {
        for (int i = 0; i < idsInOrder.size(); i++) {
            db.update(TEMPLATE).set(POSITION, i + 1)
                    .where(TENANT_ID.eq(tenant.value()).and(TEMPLATE_ID.eq(idsInOrder.get(i))))
                    .execute();
        }
    }

    /** Serialises changes to one tenant's order, so that two moves at once cannot leave gaps or ties. */
    private void lockList(TenantId tenant) {
        db.execute("select pg_advisory_xact_lock(hashtext('template-order'), ?::int)", (int) tenant.value());
    }

    private static void checkBody(String body, boolean required) {
        if (body == null || body.isBlank()) {
            if (required || body != null) {
                throw new InvalidInput("body", "is required");
            }
        } else if (body.length() > MAX_BODY_LENGTH) {
            throw new InvalidInput("body", "is longer than " + MAX_BODY_LENGTH + " characters");
        }
    }

    private static Template toTemplate(Record r) {
        return new Template(r.get(TEMPLATE_ID), r.get(LOCATION_ID), r.get(NAME), r.get(BODY), r.get(POSITION),
                r.get(LAST_USED_AT), r.get(CREATED_AT), r.get(UPDATED_AT));
    }
}
