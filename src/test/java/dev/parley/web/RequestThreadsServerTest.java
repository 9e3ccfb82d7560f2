package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testing.Http;
import dev.parley.testing.ParleyIntegrationTest;
import dev.parley.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The running server, whose database is the embedded one: Tomcat has one request thread per core, and the requests
 * beyond them wait their turn instead of being refused.
 */
@ParleyIntegrationTest
class RequestThreadsServerTest {

    private static final int PER_CORE = RequestThreads.forCores(Runtime.getRuntime().availableProcessors());

    @Autowired
    WebServerApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void tomcatWorksOnOneRequestPerCoreAtOnce() {
        ThreadPoolExecutor threads = (ThreadPoolExecutor) ((TomcatWebServer) context.getWebServer()).getTomcat()
                .getConnector().getProtocolHandler().getExecutor();

        assertThat(threads.getMaximumPoolSize()).isEqualTo(PER_CORE);
        assertThat(threads.getCorePoolSize()).isEqualTo(PER_CORE);
    }

    @Test
    void moreRequestsAtOnceThanThreadsAreAllAnswered() throws Exception {
        TestTenant clinic = TestTenant.create(new Http(port));
        ExecutorService clients = Executors.newFixedThreadPool(4 * PER_CORE);
        try {
            List<Callable<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16 * PER_CORE; i++) {
                calls.add(() -> clinic.http().get("/api/v1/unread", clinic.token()));
            }
            for (Future<Http.Response> answer : clients.invokeAll(calls)) {
                assertThat(answer.get().status()).isEqualTo(200);
            }
        } finally {
            clients.shutdown();
        }
    }
}
