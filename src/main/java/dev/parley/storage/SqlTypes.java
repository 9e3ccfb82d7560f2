package dev.parley.storage;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.DataType;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The SQL types Parley's columns are declared with where jOOQ's defaults cost more than they should. */
public final class SqlTypes {

    /**
     * A {@code timestamptz} column read as an {@link Instant}. jOOQ's own binding reads PostgreSQL timestamps
     * as text and parses them, which was an eighth of the CPU time of a conversation-list request; this one
     * asks the driver for an {@link OffsetDateTime}, which it decodes directly.
     */
    public static final DataType<Instant> INSTANT = SQLDataType.TIMESTAMPWITHTIMEZONE.asConvertedDataType(new InstantBinding());

    private static final Instant EARLIEST_ACCEPTED = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST_ACCEPTED = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private SqlTypes() {}

    /**
     * Whether Parley takes this instant from a client: years 1 to 9999. PostgreSQL refuses some instants Java
     * parses (before 4713 BC, after 294276 AD), and a year beyond 9999 is a typing mistake, not a date.
     */
    public static boolean isAcceptedInstant(Instant instant) {
        return !instant.isBefore(EARLIEST_ACCEPTED) && !instant.isAfter(LATEST_ACCEPTED);
    }

    private static final class InstantBinding implements Binding<OffsetDateTime, Instant> {

        private static final Converter<OffsetDateTime, Instant> CONVERTER = Converter.ofNullable(OffsetDateTime.class,
                Instant.class, OffsetDateTime::toInstant, instant -> instant.atOffset(ZoneOffset.UTC));

        @Override
        public Converter<OffsetDateTime, Instant> converter() {
            return CONVERTER;
        }

        @Override
        public void sql(BindingSQLContext<Instant> ctx) {
            if (ctx.render().paramType() == ParamType.INLINED) {
                ctx.render().visit(DSL.inline(ctx.convert(CONVERTER).value(), SQLDataType.TIMESTAMPWITHTIMEZONE));
            } else {
                ctx.render().sql(ctx.variable()).sql("::timestamptz");
            }
        }

        @Override
        public void register(BindingRegisterContext<Instant> ctx) throws SQLException {
            ctx.statement().registerOutParameter(ctx.index(), Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        public void set(BindingSetStatementContext<Instant> ctx) throws SQLException {
            OffsetDateTime value = ctx.convert(CONVERTER).value();
            if (value == null) {
                ctx.statement().setNull(ctx.index(), Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ctx.statement().setObject(ctx.index(), value);
            }
        }

        // Reads convert here rather than through ctx.convert(CONVERTER), which builds a new context, and reads
        // the clock for it, for every timestamp of every row.
        @Override
        public void get(BindingGetResultSetContext<Instant> ctx) throws SQLException {
            ctx.value(toInstant(ctx.resultSet().getObject(ctx.index(), OffsetDateTime.class)));
        }

        @Override
        public void get(BindingGetStatementContext<Instant> ctx) throws SQLException {
            ctx.value(toInstant(ctx.statement().getObject(ctx.index(), OffsetDateTime.class)));
        }

        private static Instant toInstant(OffsetDateTime value) {
            return value == null ? null : value.toInstant();
        }

        @Override
        public void set(BindingSetSQLOutputContext<Instant> ctx) throws SQLException {
            throw new SQLFeatureNotSupportedException("timestamps are not written to user-defined types");
        }

        @Override
        public void get(BindingGetSQLInputContext<Instant> ctx) throws SQLException {
            throw new SQLFeatureNotSupportedException("timestamps are not read from user-defined types");
        }
    }
}
