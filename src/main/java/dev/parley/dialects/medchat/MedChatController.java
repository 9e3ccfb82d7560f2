package dev.parley.dialects.medchat;

import dev.parley.conversations.RecordedMessage;
import dev.parley.query.QueryError;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.NotFound;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * MedChat's endpoints. {@code orgId} must be the token's own organisation (another is not found);
 * {@code Accept} may ask for {@code application/vnd.medchat+json;v=1.0} or plain JSON, and another version
 * of MedChat's type answers 406.
 */
@RestController
@Hidden
class MedChatController {

    static final MediaType MEDCHAT_V1 = MediaType.parseMediaType("application/vnd.medchat+json;v=1.0");
    private static final Set<String> QUERY_OPTIONS = Set.of("$filter", "$orderby", "$top", "$skip", "$expand");

    private final MedChat medChat;

    MedChatController(MedChat medChat) {
        this.medChat = medChat;
    }

    @GetMapping("/smschatapi/external/orgs/{orgId}/smsChats")
    ResponseEntity<List<MedChatRows.SmsChat>> smsChats(Caller caller, @PathVariable String orgId,
                                                       @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                                       @RequestParam Map<String, String> parameters) {
        MediaType answer = negotiate(accept);
        caller.require(Scope.READ_SMS_CHATS);
        requireOwnOrg(caller, orgId);
        for (String name : parameters.keySet()) {
            if (name.startsWith("$") && !QUERY_OPTIONS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new QueryError(name, name, -1, "is not a supported query option; use $filter, $orderby, $top, $skip, $expand");
            }
        }
        return ResponseEntity.ok().contentType(answer).body(medChat.chats(caller.tenant(), new MedChat.ChatsQuery(
                option(parameters, "$filter"), option(parameters, "$orderby"), option(parameters, "$top"),
                option(parameters, "$skip"), option(parameters, "$expand"))));
    }

    @PostMapping("/smschatapi/external/orgs/{orgId}/smsMessages")
    ResponseEntity<MedChatRows.Sent> smsMessages(Caller caller, @PathVariable String orgId,
                                                 @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                                                 @RequestBody(required = false) MedChatRows.SendMessage body) {
        MediaType answer = negotiate(accept);
        caller.require(Scope.SEND_SMS_MESSAGE);
        requireOwnOrg(caller, orgId);
        RecordedMessage sent = medChat.send(caller.tenant(), body);
        return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(answer)
                .body(new MedChatRows.Sent(sent.id(), sent.conversationId(), sent.status().wireName()));
    }

    /** Option names are matched in any case, as OData clients vary. */
    private static String option(Map<String, String> parameters, String name) {
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getKey().equalsIgnoreCase(name)) {
                return parameter.getValue();
            }
        }
        return null;
    }

    private static void requireOwnOrg(Caller caller, String orgId) {
        if (!orgId.equals(Long.toString(caller.tenant().value()))) {
            throw new NotFound("organisation", orgId);
        }
    }

    /** The type to answer in, or 406 when only another version of MedChat's type is acceptable. */
    static MediaType negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return MediaType.APPLICATION_JSON;
        }
        List<MediaType> wanted;
        try {
            wanted = MediaType.parseMediaTypes(accept);
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            throw new NotAcceptable("The Accept header '" + accept + "' cannot be read");
        }
        for (MediaType type : wanted) {
            if (type.isCompatibleWith(MEDCHAT_V1) && type.getSubtype().equals(MEDCHAT_V1.getSubtype())) {
                String version = type.getParameter("v");
                if (version == null || version.equals("1.0")) {
                    return MEDCHAT_V1;
                }
            } else if (type.includes(MediaType.APPLICATION_JSON)) {
                return MediaType.APPLICATION_JSON;
            }
        }
        throw new NotAcceptable("This API answers application/vnd.medchat+json;v=1.0 or application/json, not " + accept);
    }

    /** No representation the client accepts. */
    static final class NotAcceptable extends RuntimeException {
        NotAcceptable(String message) {
            super(message);
        }
    }
}
