package org.parley.security.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.conversation.ConversationService;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * Abuse and limits: one visitor racing conversation starts. The same first message starts one conversation
 * however often it is sent at once; distinct ones stop at the waiting cap, enforced in the database write.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ConversationStartsIT {
    private static final int RACERS = 50;

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Starts shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void fiftyRacedStartsWithOneFirstMessageMakeOneConversation() throws Exception {
        TestServer.Visitor visitor = server.visitor(tenant);
        Map<String, String> body = Map.of("client_msg_id", "first-of-many-tabs", "text", "Do you ship to Norway?");
        List<Http.Response> answers = race(() -> visitor.http().post("/api/v1/visitor/conversations", body));

        assertThat(answers).extracting(Http.Response::status).containsOnly(200, 201);
        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(answers).extracting(r -> r.body().at("/conversation/id").asText()).containsOnly(
                answers.get(0).body().at("/conversation/id").asText());
        assertThat(answers).extracting(r -> r.body().at("/message/id").asText()).as("one first message").hasSize(RACERS)
                .containsOnly(answers.get(0).body().at("/message/id").asText());
        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE contact_id = ?", visitor.contactId())).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                + "WHERE c.contact_id = ?", visitor.contactId())).isEqualTo(1);

        Http.Response otherText = visitor.http().post("/api/v1/visitor/conversations",
                Map.of("client_msg_id", "first-of-many-tabs", "text", "Something else"));
        assertThat(otherText.status()).as("same id, other text").isEqualTo(409);
    }

    @Test
    void racedStartsWithDistinctMessagesStopAtTheWaitingCap() throws Exception {
        TestServer.Visitor visitor = server.visitor(tenant);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        List<Http.Response> answers = race(() -> visitor.http().post("/api/v1/visitor/conversations",
                Map.of("client_msg_id", "spam-" + n.incrementAndGet(), "text", "spam")));

        int cap = ConversationService.MAX_WAITING_PER_CONTACT;
        assertThat(answers).filteredOn(r -> r.status() == 201).hasSize(cap);
        assertThat(answers).filteredOn(r -> r.status() == 409).hasSize(RACERS - cap)
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("too_many_waiting"));
        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE contact_id = ?", visitor.contactId())).isEqualTo(cap);

        // An answer ends the wait: the visitor may start another.
        String answered = answers.stream().filter(r -> r.status() == 201).findFirst().orElseThrow()
                .body().at("/conversation/id").asText();
        assertThat(tenant.agent().http().post("/api/v1/conversations/" + answered + "/messages",
                Map.of("client_msg_id", "reply-1", "text", "Hello!")).status()).isEqualTo(201);
        assertThat(visitor.http().post("/api/v1/visitor/conversations",
                Map.of("client_msg_id", "after-answer", "text", "One more question")).status()).isEqualTo(201);
    }

    private static List<Http.Response> race(Callable<Http.Response> start) throws Exception {
        try (var pool = Executors.newFixedThreadPool(RACERS)) {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return start.call();
                }));
            }
            go.countDown();
            List<Http.Response> answers = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                answers.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return answers;
        }
    }
}
