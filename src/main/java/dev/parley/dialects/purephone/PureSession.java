package dev.parley.dialects.purephone;

import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Location;
import dev.parley.tenancy.TenantId;

/**
 * Who sends envelopes, and as which location: the phone is one location's. Fixed for a whole connection
 * (WebSocket, TCP) or one request (HTTP).
 */
record PureSession(Caller caller, Location location) {

    TenantId tenant() {
        return caller.tenant();
    }

    long locationId() {
        return location.id();
    }
}
