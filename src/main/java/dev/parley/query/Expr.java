package dev.parley.query;

import java.math.BigDecimal;
import java.time.Instant;

/** A filter expression, neutral of any wire syntax: the tree that parsers build and translators read. */
public sealed interface Expr {

    /**
     * {@code property op value}; the value may be {@link Literal.Null}. The positions (0-based offsets in the
     * text it was parsed from) let errors found later, such as an unknown property, say where they are.
     */
    record Compare(String property, Op op, Literal value, int propertyAt, int valueAt) implements Expr {}

    record And(Expr left, Expr right) implements Expr {}

    record Or(Expr left, Expr right) implements Expr {}

    /** {@code startswith(property, prefix)}. */
    record StartsWith(String property, String prefix, int propertyAt) implements Expr {}

    /** {@code endswith(property, suffix)}. */
    record EndsWith(String property, String suffix, int propertyAt) implements Expr {}

    /**
     * {@code property} contains {@code text}, ignoring case; the text is matched literally (no wildcards).
     * No OData syntax makes it: OData's {@code contains} respects case. Keyword filters such as CareHQ's use it.
     */
    record ContainsIgnoreCase(String property, String text, int propertyAt) implements Expr {}

    /** The comparison operators. */
    enum Op { EQ, NE, GT, GE, LT, LE }

    /** A constant in an expression. */
    sealed interface Literal {
        record Text(String value) implements Literal {}

        record Number(BigDecimal value) implements Literal {}

        record DateTime(Instant value) implements Literal {}

        record Bool(boolean value) implements Literal {}

        record Null() implements Literal {}
    }
}
