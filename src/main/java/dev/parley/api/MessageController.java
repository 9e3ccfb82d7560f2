package dev.parley.api;

import dev.parley.conversations.Conversations;
import dev.parley.conversations.RecordedMessage;
import dev.parley.delivery.MessageSender;
import dev.parley.delivery.SendRequest;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Sending a message and reading one. */
@RestController
@Tag(name = "Messages")
class MessageController {

    private final MessageSender sender;
    private final Conversations conversations;
    private final IdempotentRequests idempotent;

    MessageController(MessageSender sender, Conversations conversations, IdempotentRequests idempotent) {
        this.sender = sender;
        this.conversations = conversations;
        this.idempotent = idempotent;
    }

    record SendBody(Long locationId, String channel, String to, Long contactId, String body, String subject,
                    Boolean automated, Instant sendAt, Long sentBy) {}

    record Accepted(long id, long conversationId, String status) {
        static Accepted of(RecordedMessage m) {
            return new Accepted(m.id(), m.conversationId(), m.status().wireName());
        }
    }

    @Operation(summary = "Send a message; it is stored at once and delivered after (202)")
    @PostMapping("/api/v1/messages")
    ResponseEntity<String> send(Caller caller,
                                @Parameter(description = "Repeating a request with the same key returns the first answer")
                                @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                @RequestBody SendBody body) {
        caller.require(Scope.SEND);
        SendRequest request = new SendRequest(body.locationId(), body.channel(), body.to(), body.contactId(), body.body(),
                body.subject(), Boolean.TRUE.equals(body.automated()), body.sendAt(), body.sentBy());
        return idempotent.run(caller.tenant(), "send_message", idempotencyKey, body, HttpStatus.ACCEPTED,
                () -> Accepted.of(sender.send(caller.tenant(), request)));
    }

    @GetMapping("/api/v1/messages/{id}")
    MessageView get(Caller caller, @PathVariable long id) {
        caller.require(Scope.READ);
        return MessageView.of(conversations.message(caller.tenant(), id), conversations.statusHistory(caller.tenant(), id));
    }
}
