package dev.parley.dialects.practice;

import dev.parley.conversations.NumberedPage;
import dev.parley.dialects.practice.PracticeRows.ConversationRow;
import dev.parley.dialects.practice.PracticeRows.Envelope;
import dev.parley.tenancy.Caller;
import dev.parley.tenancy.Scope;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The practice API's {@code GET /conversations}. Every parameter arrives as text and is checked here, so a bad
 * one answers in the dialect's envelope naming it (see {@link ConversationsQuery} for defaults and limits).
 */
@RestController
@Hidden
class PracticeController {

    private final PracticeConversations practice;

    PracticeController(PracticeConversations practice) {
        this.practice = practice;
    }

    @GetMapping("/conversations")
    Envelope conversations(Caller caller,
                           @RequestParam(name = "subdomain", required = false) String subdomain,
                           @RequestParam(name = "location_id", required = false) String locationId,
                           @RequestParam(name = "page", required = false) String page,
                           @RequestParam(name = "per_page", required = false) String perPage,
                           @RequestParam(name = "include_messages", required = false) String includeMessages,
                           @RequestParam(name = "messages", required = false) String messages,
                           @RequestParam(name = "messages_since", required = false) String messagesSince,
                           @RequestParam(name = "updated_since", required = false) String updatedSince) {
        caller.require(Scope.READ);
        ConversationsQuery query = ConversationsQuery.parse(subdomain, locationId, page, perPage, includeMessages,
                messages, messagesSince, updatedSince);
        NumberedPage<ConversationRow> answer = practice.page(caller.tenant(), query);
        return Envelope.ok(answer.items(), answer.total());
    }
}
