package org.parley.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusTest {
    record Ping(String text) {
    }

    @Test
    void deliversByTypeSyncOnThePublisherAndAsyncElsewhereAndSurvivesAFailingSubscriber() throws Exception {
        try (ExecutorService async = Executors.newSingleThreadExecutor()) {
            EventBus bus = new EventBus(async);
            List<String> sync = new CopyOnWriteArrayList<>();
            List<String> asyncThreads = new CopyOnWriteArrayList<>();
            CountDownLatch asyncDone = new CountDownLatch(1);
            bus.subscribeSync(Ping.class, p -> {
                throw new IllegalStateException("a broken subscriber");
            });
            bus.subscribeSync(Ping.class, p -> sync.add(p.text() + "@" + Thread.currentThread().getName()));
            bus.subscribeSync(String.class, s -> sync.add("string " + s));
            bus.subscribeAsync(Ping.class, p -> {
                asyncThreads.add(Thread.currentThread().getName());
                asyncDone.countDown();
            });

            bus.publish(new Ping("hello"));

            assertThat(sync).containsExactly("hello@" + Thread.currentThread().getName());
            assertThat(asyncDone.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(asyncThreads).doesNotContain(Thread.currentThread().getName());
        }
    }

    @Test
    void countsPendingAsyncDeliveriesAndSkipsThemOnceTheExecutorStopped() throws Exception {
        ExecutorService async = Executors.newSingleThreadExecutor();
        EventBus bus = new EventBus(async);
        CountDownLatch release = new CountDownLatch(1);
        List<String> sync = new CopyOnWriteArrayList<>();
        bus.subscribeAsync(Ping.class, p -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        bus.subscribeSync(Ping.class, p -> sync.add(p.text()));
        bus.publish(new Ping("one"));
        bus.publish(new Ping("two"));
        assertThat(bus.pendingAsync()).as("one running, one queued").isEqualTo(2);
        release.countDown();
        async.shutdown();
        assertThat(async.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(bus.pendingAsync()).isZero();

        bus.publish(new Ping("late")); // a stopping node: the async delivery is skipped, the sync one still runs
        assertThat(sync).containsExactly("one", "two", "late");
        assertThat(bus.pendingAsync()).isZero();
    }
}
