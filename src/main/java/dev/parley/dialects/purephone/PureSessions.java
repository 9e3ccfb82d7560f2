package dev.parley.dialects.purephone;

import dev.parley.tenancy.ApiTokens;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.Locations;
import org.springframework.stereotype.Component;

/**
 * Opens a session from a token and, for a token bound to no location, the location it names
 * ({@code X-Parley-Location}, or {@code location_id} in the TCP login).
 */
@Component
class PureSessions {

    private final ApiTokens tokens;
    private final Locations locations;

    PureSessions(ApiTokens tokens, Locations locations) {
        this.tokens = tokens;
        this.locations = locations;
    }

    PureSession open(String bearer, String namedLocation) {
        Caller caller = tokens.authenticate(bearer)
                .orElseThrow(() -> new Refusal(401, "A valid API token is required"));
        return open(caller, namedLocation);
    }

    PureSession open(Caller caller, String namedLocation) {
        Long named = null;
        if (namedLocation != null && !namedLocation.isBlank()) {
            try {
                named = Long.parseLong(namedLocation.trim());
            } catch (NumberFormatException e) {
                throw new Refusal(400, "The location must be a location's id, not '" + namedLocation + "'");
            }
        }
        if (caller.locationId() != null && named != null && !named.equals(caller.locationId())) {
            throw new Refusal(403, "This token is bound to location " + caller.locationId() + ", not " + named);
        }
        Long id = caller.locationId() != null ? caller.locationId() : named;
        if (id == null) {
            throw new Refusal(400, "This token is bound to no location: name one in X-Parley-Location"
                    + " (or \"location_id\" in the TCP login)");
        }
        long locationId = id;
        Location location = locations.find(caller.tenant(), locationId)
                .orElseThrow(() -> new Refusal(404, "No location with id " + locationId));
        return new PureSession(caller, location);
    }
}
