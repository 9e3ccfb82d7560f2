package dev.parley.api;

import dev.parley.conversations.Conversations;
import dev.parley.conversations.RecordedMessage;
import dev.parley.delivery.MessageSender;
import dev.parley.delivery.SendRefused;
import dev.parley.delivery.SendRequest;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.InvalidInput;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Sending a message (or a batch of them) and reading one. */
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

    /** The most messages one batch may hold. */
    static final int MAX_BATCH = 100;

    record SendBody(Long locationId, String channel, String to, Long contactId, String body, String subject,
                    Boolean automated, Instant sendAt, Long sentBy) {

        SendRequest request() {
            return new SendRequest(locationId, channel, to, contactId, body, subject, Boolean.TRUE.equals(automated),
                    sendAt, sentBy);
        }
    }

    record BatchBody(List<SendBody> messages) {}

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
        SendRequest request = body.request();
        return idempotent.run(caller.tenant(), "send_message", idempotencyKey, body, HttpStatus.ACCEPTED,
                () -> Accepted.of(sender.send(caller.tenant(), request)));
    }

    /**
     * Up to {@value #MAX_BATCH} sends in one request, for reminder systems. Each message is checked, its consent
     * asked and it is recorded exactly as {@code POST /api/v1/messages} would, in a transaction of its own, so a
     * message that is refused or invalid leaves nothing written and the others go. Each gets its own result, in
     * the order sent: {@code accepted} (with its id), {@code refused} (with the reason, as a 422 would give) or
     * {@code invalid} (with the fields, as a 400 would). With an {@code Idempotency-Key}, a repeat of the same batch
     * sends none of the messages accepted the first time (each answers as it did), and tries again those that were
     * refused or invalid, or never ran because the first request broke off; another batch with the key is a 422
     * (docs/adr/0025).
     */
    @Operation(summary = "Send up to 100 messages, each checked and recorded as one send is, with a result each (200)")
    @PostMapping("/api/v1/messages/batch")
    Map<String, Object> sendBatch(Caller caller,
                                  @Parameter(description = "Repeating a batch with the same key sends only what did not go the first time")
                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                  @RequestBody BatchBody body) {
        caller.require(Scope.SEND);
        List<SendBody> messages = body == null ? null : body.messages();
        if (messages == null || messages.isEmpty()) {
            throw new InvalidInput("messages", "is required: 1 to " + MAX_BATCH + " messages");
        }
        if (messages.size() > MAX_BATCH) {
            throw new InvalidInput("messages", "holds " + messages.size() + " messages; a batch holds at most " + MAX_BATCH);
        }
        if (idempotencyKey != null) {
            idempotent.claimWhole(caller.tenant(), "send_batch", idempotencyKey, body);
        }
        List<Map<String, Object>> results = new ArrayList<>(messages.size());
        int accepted = 0;
        for (int i = 0; i < messages.size(); i++) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("index", i);
            SendBody message = messages.get(i);
            try {
                if (message == null) {
                    throw new InvalidInput("messages[" + i + "]", "is not a message");
                }
                SendRequest request = message.request();
                Accepted recorded = idempotencyKey == null ? Accepted.of(sender.send(caller.tenant(), request))
                        : idempotent.runPart(caller.tenant(), "send_batch_message", IdempotentRequests.partKey(idempotencyKey, i),
                                message, Accepted.class, () -> Accepted.of(sender.send(caller.tenant(), request)));
                result.put("result", "accepted");
                result.put("id", recorded.id());
                result.put("conversation_id", recorded.conversationId());
                result.put("status", recorded.status());
                accepted++;
            } catch (SendRefused refused) {
                result.put("result", "refused");
                result.put("reason", refused.reason());
                result.put("detail", refused.getMessage());
                result.put("details", refused.details());
            } catch (InvalidInput invalid) {
                result.put("result", "invalid");
                result.put("detail", invalid.getMessage());
                result.put("errors", invalid.problems());
            }
            results.add(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", accepted);
        answer.put("not_accepted", messages.size() - accepted);
        answer.put("results", results);
        return answer;
    }

    @GetMapping("/api/v1/messages/{id}")
    MessageView get(Caller caller, @PathVariable long id) {
        caller.require(Scope.READ);
        return MessageView.of(conversations.message(caller.tenant(), id), conversations.statusHistory(caller.tenant(), id));
    }
}
