package dev.parley.dialects.purephone;

import dev.parley.addresses.InvalidAddress;
import dev.parley.addresses.PhoneNumber;
import dev.parley.contacts.Contacts;
import dev.parley.conversations.Channel;
import dev.parley.conversations.Conversation;
import dev.parley.conversations.ConversationView;
import dev.parley.conversations.Conversations;
import dev.parley.conversations.Direction;
import dev.parley.conversations.Message;
import dev.parley.conversations.MessageQuery;
import dev.parley.conversations.RecordedMessage;
import dev.parley.delivery.MessageSender;
import dev.parley.delivery.SendRequest;
import dev.parley.templates.Template;
import dev.parley.templates.Templates;
import dev.parley.tenancy.NotFound;
import dev.parley.tenancy.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages endpoint (8) over the core: threads are the session location's SMS conversations, messages
 * their messages (drafts included), templates the tenant's ordered templates. Each operation checks the
 * token's scope (reading needs {@code read}, sending {@code send}, every change {@code write}), asks the
 * core and renders the answer with the phone's field names, in the order its document shows them.
 */
@Service
class PurePhone {

    static final int GET = 1;
    static final int POST = 2;
    static final int PUT = 3;
    static final int DELETE = 4;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An operation's outcome: the protocol status and the body, or null for none. */
    record Answer(int status, JsonNode body) {
        static Answer ok(JsonNode body) {
            return new Answer(200, body);
        }

        static Answer noContent() {
            return new Answer(204, null);
        }
    }

    private final Conversations conversations;
    private final MessageSender sender;
    private final Templates templates;
    private final Contacts contacts;
    private final int pageSize;

    PurePhone(Conversations conversations, MessageSender sender, Templates templates, Contacts contacts,
              PureProperties properties) {
        this.conversations = conversations;
        this.sender = sender;
        this.templates = templates;
        this.contacts = contacts;
        this.pageSize = properties.pageSize();
    }

    Answer handle(PureSession session, int method, Body body) {
        return switch (body.category()) {
            case "thread" -> threads(session, method, body);
            case "message" -> messages(session, method, body);
            case "template" -> templates(session, method, body);
            default -> throw new BadRequest("category", "must be thread, message or template");
        };
    }

    // Threads

    private Answer threads(PureSession session, int method, Body body) {
        switch (method) {
            case GET -> {
                session.caller().require(Scope.READ);
                if (body.has("threadID")) {
                    return Answer.ok(singleThread(session, body.requireId("threadID")));
                }
                long total = conversations.countAt(session.tenant(), session.locationId(), Channel.SMS);
                return paged(body, total, (offset, limit) -> threadEntries(session,
                        conversations.listAt(session.tenant(), session.locationId(), Channel.SMS, offset, limit)),
                        Function.identity());
            }
            case PUT -> {
                session.caller().require(Scope.WRITE);
                long threadId = body.requireId("threadID");
                boolean unread = body.bool("isUnread").orElseThrow(() -> new BadRequest("isUnread", "is required"));
                long id = thread(session, threadId).id();
                if (unread) {
                    conversations.markUnread(session.tenant(), id);
                } else {
                    conversations.markRead(session.tenant(), id, null);
                }
                return Answer.noContent();
            }
            case DELETE -> {
                session.caller().require(Scope.WRITE);
                conversations.deleteConversation(session.tenant(), thread(session, body.requireId("threadID")).id());
                return Answer.noContent();
            }
            default -> throw new BadRequest("method", "for threads must be 1 (get), 3 (put) or 4 (delete)");
        }
    }

    /** The session location's SMS conversation with this id; any other is not found. */
    private Conversation thread(PureSession session, long id) {
        Conversation conversation;
        try {
            conversation = conversations.get(session.tenant(), id);
        } catch (NotFound e) {
            throw new NotFound("thread", id);
        }
        if (conversation.locationId() != session.locationId() || conversation.channel() != Channel.SMS) {
            throw new NotFound("thread", id);
        }
        return conversation;
    }

    /** A thread as the document's single-thread answer shows it: without its number. */
    private ObjectNode singleThread(PureSession session, long id) {
        Conversation conversation = thread(session, id);
        Message last = conversation.lastMessageId() == null ? null
                : conversations.message(session.tenant(), conversation.lastMessageId());
        return thread(conversation, last, null);
    }

    private List<JsonNode> threadEntries(PureSession session, List<ConversationView> views) {
        Map<String, Long> phoneIds = contacts.phoneIds(session.tenant(),
                views.stream().map(v -> v.conversation().counterpart()).toList());
        return views.stream().<JsonNode>map(view -> thread(view.conversation(), view.lastMessage(), phoneIds)).toList();
    }

    /**
     * A thread; with {@code phoneIds} (the contact phone of each number) as a list entry, which also names the
     * number and its {@code numberID}: "0" for a number that no contact has.
     */
    private static ObjectNode thread(Conversation c, Message last, Map<String, Long> phoneIds) {
        ObjectNode node = NODES.objectNode();
        node.put("isUnread", c.unreadCount() > 0);
        node.put("lastUpdatedAt", seconds(c.lastActivityAt()));
        node.put("messageCount", c.messageCount());
        node.put("messageSnippet", Snippet.of(last == null ? null : last.body()));
        // A conversation always has a last message: deleting its last one deletes it.
        node.put("messageType", last == null ? MessageType.DRAFT.code() : MessageType.of(last).code());
        if (phoneIds != null) {
            node.put("number", c.counterpart());
            node.put("numberID", String.valueOf(phoneIds.getOrDefault(c.counterpart(), 0L)));
        }
        node.put("threadID", c.id());
        return node;
    }

    // Messages

    private Answer messages(PureSession session, int method, Body body) {
        MessageQuery location = MessageQuery.atLocation(session.locationId(), Channel.SMS);
        switch (method) {
            case GET -> {
                session.caller().require(Scope.READ);
                if (body.count()) {
                    return Answer.ok(NODES.objectNode().put("count", conversations.countMessages(session.tenant(), location)));
                }
                if (body.has("messageID")) {
                    return Answer.ok(message(session, body.requireId("messageID")));
                }
                if (body.has("threadID")) {
                    return threadMessages(session, body, location.inConversation(thread(session, body.requireId("threadID")).id()));
                }
                if (body.has("messageBody")) {
                    String text = body.text("messageBody").orElseThrow();
                    if (text.isEmpty()) {
                        throw new BadRequest("messageBody", "must not be empty");
                    }
                    MessageQuery search = location.containing(text);
                    if (body.has("phoneNumber")) {
                        search = search.withCounterpart(phone(session, "phoneNumber", body.text("phoneNumber").orElseThrow()));
                    }
                    return messagePage(session, body, search);
                }
                return messagePage(session, body, location);
            }
            case POST -> {
                int type = body.number("messageType", 0, 255).orElse((long) MessageType.QUEUED.code()).intValue();
                if (type != MessageType.DRAFT.code() && type != MessageType.QUEUED.code()) {
                    throw new BadRequest("messageType", "must be 1 (a draft) or left out (a message to send)");
                }
                boolean draft = type == MessageType.DRAFT.code();
                session.caller().require(draft ? Scope.WRITE : Scope.SEND);
                String number = body.text("number").orElseThrow(() -> new BadRequest("number", "is required"));
                SendRequest request = new SendRequest(session.locationId(), Channel.SMS.wireName(), number, null,
                        body.requireBody("messageBody"), null, false, null, null);
                RecordedMessage recorded = draft ? sender.saveDraft(session.tenant(), request)
                        : sender.send(session.tenant(), request);
                Message added = conversations.message(session.tenant(), recorded.id());
                ObjectNode node = NODES.objectNode();
                node.put("messageBody", added.body());
                node.put("messageID", added.id());
                node.put("messageType", MessageType.of(added).code());
                node.put("createdAt", seconds(added.occurredAt()));
                node.put("threadID", added.conversationId());
                return Answer.ok(node);
            }
            case PUT -> {
                session.caller().require(Scope.WRITE);
                long id = body.requireId("messageID");
                String text = body.requireBody("messageBody");
                long type = body.number("messageType", 0, 255).orElse((long) MessageType.DRAFT.code());
                if (type != MessageType.DRAFT.code()) {
                    throw new BadRequest("messageType", "must be 1: only a draft can be changed");
                }
                ownMessage(session, id);
                sender.reviseDraft(session.tenant(), id, text);
                return Answer.noContent();
            }
            case DELETE -> {
                session.caller().require(Scope.WRITE);
                long id = body.requireId("messageID");
                ownMessage(session, id);
                conversations.deleteMessage(session.tenant(), id);
                return Answer.noContent();
            }
            default -> throw new BadRequest("method", "must be 1 (get), 2 (post), 3 (put) or 4 (delete)");
        }
    }

    /** A thread's messages oldest first; without a limit, the whole thread (the phone's one exception). */
    private Answer threadMessages(PureSession session, Body body, MessageQuery thread) {
        MessageQuery inOrder = thread.inTimeOrder();
        if (body.limit() == 0) {
            List<Message> all = new ArrayList<>(conversations.messagesOf(session.tenant(), List.of(thread.conversationId())));
            Collections.reverse(all);
            ObjectNode node = NODES.objectNode();
            ArrayNode entries = node.putArray("entries");
            all.forEach(m -> entries.add(message(m)));
            node.put("totalCount", all.size());
            return Answer.ok(node);
        }
        return messagePage(session, body, inOrder);
    }

    private Answer messagePage(PureSession session, Body body, MessageQuery query) {
        long total = conversations.countMessages(session.tenant(), query);
        return paged(body, total, (offset, limit) -> conversations.findMessages(session.tenant(), query, offset, limit),
                PurePhone::message);
    }

    private Message ownMessage(PureSession session, long id) {
        Message message;
        try {
            message = conversations.message(session.tenant(), id);
        } catch (NotFound e) {
            throw new NotFound("message", id);
        }
        if (message.locationId() != session.locationId() || message.channel() != Channel.SMS) {
            throw new NotFound("message", id);
        }
        return message;
    }

    private ObjectNode message(PureSession session, long id) {
        return message(ownMessage(session, id));
    }

    private static ObjectNode message(Message m) {
        ObjectNode node = NODES.objectNode();
        node.put("messageBody", m.body());
        node.put("messageID", m.id());
        node.put("messageType", MessageType.of(m).code());
        node.put("createdAt", seconds(m.occurredAt()));
        node.put("threadID", m.conversationId());
        node.put("number", m.direction() == Direction.INBOUND ? m.fromAddress() : m.toAddress());
        return node;
    }

    private static String phone(PureSession session, String field, String text) {
        try {
            return PhoneNumber.parse(text, session.location().country()).e164();
        } catch (InvalidAddress e) {
            throw new BadRequest(field, "is not a phone number: " + e.getMessage());
        }
    }

    // Templates

    private Answer templates(PureSession session, int method, Body body) {
        switch (method) {
            case GET -> {
                session.caller().require(Scope.READ);
                if (body.count()) {
                    return Answer.ok(NODES.objectNode().put("count", templates.count(session.tenant())));
                }
                if (body.has("templateID")) {
                    return Answer.ok(template(templates.get(session.tenant(), body.requireId("templateID"))));
                }
                return paged(body, templates.count(session.tenant()),
                        (offset, limit) -> templates.page(session.tenant(), offset, limit), PurePhone::template);
            }
            case POST -> {
                session.caller().require(Scope.WRITE);
                Template created = templates.create(session.tenant(), null, body.requireBody("templateBody"), null, null);
                return Answer.ok(NODES.objectNode().put("templateID", created.id()));
            }
            case PUT -> {
                session.caller().require(Scope.WRITE);
                long id = body.requireId("templateID");
                String text = body.optionalBody("templateBody").orElse(null);
                Integer order = body.number("order", 1, Integer.MAX_VALUE).map(Long::intValue).orElse(null);
                if (text == null && order == null) {
                    throw new BadRequest("templateBody", "or order is required");
                }
                templates.update(session.tenant(), id, null, text, order);
                return Answer.noContent();
            }
            case DELETE -> {
                session.caller().require(Scope.WRITE);
                templates.delete(session.tenant(), body.requireId("templateID"));
                return Answer.noContent();
            }
            default -> throw new BadRequest("method", "must be 1 (get), 2 (post), 3 (put) or 4 (delete)");
        }
    }

    private static ObjectNode template(Template t) {
        ObjectNode node = NODES.objectNode();
        node.put("lastUsedAt", t.lastUsedAt() == null ? 0 : seconds(t.lastUsedAt()));
        node.put("order", t.order());
        node.put("templateBody", t.body());
        node.put("templateID", t.id());
        return node;
    }

    // Paging

    /** Loads one page of a list. */
    private interface PageLoader<T> {
        List<T> load(int offset, int limit);
    }

    /**
     * {@code {entries, nextPage?, totalCount}}: a page at most of what {@code offset} and {@code limit} ask for
     * (none for a limit of 0, only the total), and where to go on.
     */
    private <T> Answer paged(Body body, long total, PageLoader<T> loader, Function<T, JsonNode> render) {
        int offset = body.offset();
        int limit = body.limit();
        int toLoad = Paging.entriesToLoad(limit, pageSize);
        List<T> rows = toLoad == 0 || offset >= total ? List.of() : loader.load(offset, toLoad);
        ObjectNode node = NODES.objectNode();
        ArrayNode entries = node.putArray("entries");
        rows.forEach(row -> entries.add(render.apply(row)));
        Paging.next(offset, limit, rows.size(), total, pageSize).ifPresent(next -> node.putObject("nextPage")
                .put("limit", next.limit()).put("offset", next.offset()));
        node.put("totalCount", total);
        return Answer.ok(node);
    }

    private static long seconds(Instant at) {
        return at == null ? 0 : at.getEpochSecond();
    }
}
