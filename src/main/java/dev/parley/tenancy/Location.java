package dev.parley.tenancy;

import java.time.Instant;
import java.util.Optional;

/** One site of a tenant, with its own SMS number and email address and the time zone it works in. */
public record Location(
        TenantId tenantId,
        long id,
        String name,
        String timezone,
        String country,
        String smsNumber,
        String emailAddress,
        String helpText,
        Instant createdAt) {

    public Optional<String> addressFor(String channel) {
        return Optional.ofNullable("sms".equals(channel) ? smsNumber : "email".equals(channel) ? emailAddress : null);
    }
}
