package dev.parley.testing;

import dev.parley.conversations.MessageRecorded;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.event.EventListener;

/** Every {@link MessageRecorded} event the application published, for tests that count them. */
@TestComponent
public class EventLog {

    private final List<MessageRecorded> recorded = new CopyOnWriteArrayList<>();

    @EventListener
    void on(MessageRecorded event) {
        recorded.add(event);
    }

    public long recordedFor(long messageId) {
        return recorded.stream().filter(e -> e.messageId() == messageId).count();
    }
}
