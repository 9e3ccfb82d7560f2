package dev.parley.dialects.vetportal;

import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.storage.SqlTypes;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Scope;
import dev.parley.tenancy.Tenants;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vet portal partner API. Defaults and limits are those of docs DIALECTS.md: {@code $top} 10 (at most
 * 100) for clients and 25 (at most 200) for histories; a value past the maximum is a bad parameter.
 */
@RestController
@Hidden
class VetPortalController {

    static final int MAX_SKIP = 10_000;

    private final VetPortal portal;
    private final Tenants tenants;

    VetPortalController(VetPortal portal, Tenants tenants) {
        this.portal = portal;
        this.tenants = tenants;
    }

    @GetMapping("/partners/clients")
    List<Object> clients(Caller caller, HttpServletRequest request,
                         @RequestParam(name = "$top", required = false) String top,
                         @RequestParam(name = "$skip", required = false) String skip,
                         @RequestParam(name = "filter", required = false) String filter) {
        caller.require(Scope.READ);
        onlyOptions(request, "$top", "$skip", "filter");
        return portal.clients(caller.tenant(), filter, integer("$skip", skip, 0, 0, MAX_SKIP),
                integer("$top", top, 10, 1, 100));
    }

    @GetMapping("/partners/sms/unread")
    VetPortalRows.UnreadCounts unread(Caller caller) {
        caller.require(Scope.READ);
        return portal.unread(caller.tenant());
    }

    @GetMapping("/partners/sms/{phone}")
    List<VetPortalRows.SmsRow> sms(Caller caller, HttpServletRequest request, @PathVariable String phone,
                                   @RequestParam(name = "$top", required = false) String top,
                                   @RequestParam(name = "$max_timestamp", required = false) String maxTimestamp) {
        caller.require(Scope.READ);
        onlyOptions(request, "$top", "$max_timestamp");
        String e164;
        try {
            e164 = PhoneNumber.parse(phone, tenants.get(caller.tenant()).country()).e164();
        } catch (InvalidAddress e) {
            throw new BadParameter("phone", e.getMessage());
        }
        return portal.smsHistory(caller.tenant(), e164, timestamp(maxTimestamp), integer("$top", top, 25, 1, 200));
    }

    @GetMapping("/partners/clients/{vetUserId}/communications")
    List<Object> communications(Caller caller, HttpServletRequest request, @PathVariable String vetUserId,
                                @RequestParam(name = "$top", required = false) String top,
                                @RequestParam(name = "$max_timestamp", required = false) String maxTimestamp) {
        caller.require(Scope.READ);
        onlyOptions(request, "$top", "$max_timestamp");
        long id;
        try {
            id = Long.parseLong(vetUserId);
        } catch (NumberFormatException e) {
            throw new BadParameter("vet_user_id", "must be a client's numeric id, not '" + vetUserId + "'");
        }
        return portal.communications(caller.tenant(), id, timestamp(maxTimestamp), integer("$top", top, 25, 1, 200));
    }

    /**
     * Refuses a {@code $} option the endpoint does not take, naming those it does: ignored, a {@code $skip} on a
     * history (which pages by {@code $max_timestamp}) would answer its first page again and again, and a
     * {@code $filter} (the portal's filter is {@code filter}) would answer every client. Other unknown parameters
     * are left alone: a client's own additions (a cache-buster, say) must not fail its requests.
     */
    private static void onlyOptions(HttpServletRequest request, String... taken) {
        for (String name : request.getParameterMap().keySet()) {
            if (name.startsWith("$") && !List.of(taken).contains(name)) {
                throw new BadParameter(name, "is not an option of this endpoint, which takes "
                        + String.join(", ", taken));
            }
        }
    }

    private static int integer(String name, String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new BadParameter(name, "must be between " + min + " and " + max + ", not " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "must be a whole number, not '" + text + "'");
        }
    }

    private static Instant timestamp(String text) {
        if (text == null) {
            return null;
        }
        try {
            Instant parsed = OffsetDateTime.parse(text.trim()).toInstant();
            if (SqlTypes.isAcceptedInstant(parsed)) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw new BadParameter("$max_timestamp", "must be a date and time such as 2020-06-28T05:13:32Z, not '" + text + "'");
    }
}
