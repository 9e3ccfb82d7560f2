package dev.parley.api;

import dev.parley.tenancy.ApiTokens;
import dev.parley.tenancy.Operator;
import dev.parley.tenancy.Tenant;
import dev.parley.tenancy.TenantId;
import dev.parley.tenancy.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operator's calls: tenants and their first tokens. They take the operator token, nothing else. */
@RestController
@Tag(name = "Operator")
class OperatorController {

    private final Tenants tenants;
    private final ApiTokens tokens;

    OperatorController(Tenants tenants, ApiTokens tokens) {
        this.tenants = tenants;
        this.tokens = tokens;
    }

    record NewTenant(String name, String subdomain, String timezone, String country) {}

    record TenantView(long id, String name, String subdomain, String timezone, String country) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id().value(), t.name(), t.subdomain(), t.timezone(), t.country());
        }
    }

    /** {@code locationId}, when given, binds the token to that location of the tenant. */
    record NewToken(String name, List<String> scopes, Long locationId) {}

    record TokenView(long id, String name, String token, List<String> scopes, Long locationId) {}

    @Operation(summary = "Create a tenant")
    @PostMapping("/api/v1/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    TenantView createTenant(Operator operator, @RequestBody NewTenant body) {
        return TenantView.of(tenants.create(body.name(), body.subdomain(), body.timezone(), body.country()));
    }

    @Operation(summary = "Issue an API token for a tenant; the token is shown only in this answer")
    @PostMapping("/api/v1/tenants/{id}/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    TokenView issueToken(Operator operator, @PathVariable long id, @RequestBody NewToken body) {
        var issued = tokens.issue(tenantId(id), body.name(), body.scopes(), body.locationId());
        return new TokenView(issued.id(), issued.name(), issued.token(), issued.scopes(), issued.locationId());
    }

    private static TenantId tenantId(long id) {
        if (id <= 0) {
            throw new dev.parley.tenancy.NotFound("tenant", id);
        }
        return new TenantId(id);
    }
}
