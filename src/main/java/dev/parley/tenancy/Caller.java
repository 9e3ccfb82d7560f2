package dev.parley.tenancy;

import java.util.Set;

/**
 * Who is making a request on behalf of a tenant: the tenant, the token used and what that token may
 * do. Controllers take a {@code Caller} parameter; a request without a valid tenant token never
 * reaches them.
 */
public record Caller(TenantId tenant, long tokenId, Set<Scope> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
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
