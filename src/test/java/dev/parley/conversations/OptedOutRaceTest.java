package dev.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.contacts.Consents;
import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A conversation that starts while its number's consent changes gets the consent that commits last: neither
 * the new row (invisible to the change until it commits) nor the change (invisible to the new row's copy until
 * it commits) is missed, whichever transaction goes first.
 */
@ParleyIntegrationTest
class OptedOutRaceTest {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    Consents consents;

    @Autowired
    TransactionTemplate transactions;

    TestTenant clinic;

    @BeforeEach
    void setUp() {
        clinic = TestTenant.create(new Http(port));
    }

    @Test
    void anOptOutDuringANewConversationReachesIt() throws Exception {
        String number = TestTenant.uniqueNumber();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Long> conversation = CompletableFuture.supplyAsync(() -> transactions.execute(tx -> {
            long id = arrive(number);
            started.countDown();
            pause();
            return id;
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        consents.recordOptOut(clinic.tenantId(), "sms", number, "provider", "error 21610");

        assertThat(conversations.get(clinic.tenantId(), conversation.get(10, TimeUnit.SECONDS)).optedOut()).isTrue();
    }

    @Test
    void aNewConversationDuringAnOptOutSeesIt() throws Exception {
        String number = TestTenant.uniqueNumber();
        CountDownLatch changed = new CountDownLatch(1);
        CompletableFuture<Void> optOut = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            consents.recordOptOut(clinic.tenantId(), "sms", number, "inbound_keyword", "STOP");
            changed.countDown();
            pause();
        }));
        assertThat(changed.await(10, TimeUnit.SECONDS)).isTrue();
        long id = arrive(number);
        optOut.get(10, TimeUnit.SECONDS);

        assertThat(conversations.get(clinic.tenantId(), id).optedOut()).isTrue();
    }

    private long arrive(String number) {
        return conversations.record(clinic.tenantId(), new NewMessage(clinic.locationId(), Channel.SMS, Direction.INBOUND,
                number, clinic.smsNumber(), null, false, "hello", null, MessageStatus.RECEIVED, null, null, null, "test",
                null, List.of())).conversationId();
    }

    /** Long enough for the other transaction to reach the point where, without the hold, it would miss this one. */
    private static void pause() {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
