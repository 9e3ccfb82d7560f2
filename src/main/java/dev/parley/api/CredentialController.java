package dev.parley.api;

import dev.parley.tenancy.ApiCredentials;
import dev.parley.tenancy.ApiCredentials.IssuedCredential;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Credentials for the dialects whose integrators sign requests instead of sending a bearer token (CareHQ). */
@RestController
@Tag(name = "Credentials")
class CredentialController {

    private static final String CAREHQ = "carehq";

    private final ApiCredentials credentials;

    CredentialController(ApiCredentials credentials) {
        this.credentials = credentials;
    }

    record NewCredential(String name) {}

    record CredentialView(long id, String name, String accountId, String apiKey, String apiSecret, Instant createdAt) {
        static CredentialView of(IssuedCredential c) {
            return new CredentialView(c.id(), c.name(), c.accountId(), c.apiKey(), c.apiSecret(), c.createdAt());
        }
    }

    @PostMapping("/api/v1/credentials/carehq")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a CareHQ API credential",
            description = "Answers the account id, API key and secret to configure a CareHQ client with. The secret"
                    + " is shown this once.")
    CredentialView issueCareHq(Caller caller, @RequestBody(required = false) NewCredential body) {
        caller.require(Scope.ADMIN);
        return CredentialView.of(credentials.issue(caller.tenant(), CAREHQ, body == null ? null : body.name()));
    }

    @DeleteMapping("/api/v1/credentials/carehq/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a CareHQ API credential", description = "Requests signed with it are refused from now on.")
    void revokeCareHq(Caller caller, @PathVariable long id) {
        caller.require(Scope.ADMIN);
        credentials.revoke(caller.tenant(), CAREHQ, id);
    }
}
