package dev.parley.storage;

/**
 * How PostgreSQL plans a transaction's prepared statements: its {@code plan_cache_mode}, set for the transaction
 * alone. Left to itself ({@code auto}), PostgreSQL plans a statement for its values five times, then keeps a
 * generic plan if that one looks no dearer; for a filter whose values decide the plan, the generic plan it keeps
 * can read a tenant's whole history for a page (ADR 0036).
 */
public enum Planning {
    /** One plan per statement and connection, kept: for statements whose best plan does not depend on the values. */
    ONCE("force_generic_plan"),
    /** A plan for each execution's values: for statements whose values choose the index that serves them best. */
    FOR_EACH_EXECUTION("force_custom_plan");

    private final String mode;

    Planning(String mode) {
        this.mode = mode;
    }

    /** The statement that makes the current transaction plan this way. */
    String statement() {
        return "set local plan_cache_mode = " + mode;
    }
}
