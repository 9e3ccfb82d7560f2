package dev.parley.tenancy;

import java.util.Set;

/**
 * Who is making a request on behalf of a tenant: the tenant, the token used, what that token may do and,
 * for a token bound to one location, that location ({@code locationId}, null for a token of the whole
 * tenant). Controllers take a {@code Caller} parameter; a request without a valid tenant token never
 * reaches them.
 */
public record Caller(TenantId tenant, long tokenId, Set<Scope> scopes, Long locationId) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller whose token is not bound to a location. */
    public Caller(TenantId tenant, long tokenId, Set<Scope> scopes) {
        this(tenant, tokenId, scopes, null);
    }

    public boolean may(Scope scope) {
        return scopes.contains(Scope.ADMIN) || scopes.contains(scope);
    }

    /** Refuses (403) unless the token has the scope or {@code admin}. */
    public Caller require(Scope scope) {
        if (!may(scope)) {
            throw new AccessDenied("This token lacks the scope '" + scope.wireName() + "'");
        }
        return this;
    }

    /** Refuses (403) unless the token has one of the scopes or {@code admin}. */
    public Caller requireAny(Scope first, Scope second) {
        if (!may(first) && !may(second)) {
            throw new AccessDenied("This token needs the scope '" + first.wireName() + "' or '" + second.wireName() + "'");
        }
        return this;
    }
}
