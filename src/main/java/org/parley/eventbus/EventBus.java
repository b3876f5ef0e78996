package org.parley.eventbus;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process publication of events after commit. Sync subscribers run on the publishing thread
 * (they must be quick: the realtime deliverer only enqueues); async ones on the given executor.
 * A failing subscriber is logged and never fails the publisher.
 */
public final class EventBus {
    private static final Logger log = LoggerFactory.getLogger(EventBus.class);

    private record Subscription<E>(Class<E> type, Consumer<E> consumer, boolean async) {
    }

    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
    private final ExecutorService asyncExecutor;
    /** Async deliveries handed to the executor and not finished yet (a metric: docs/operations.md). */
    private final java.util.concurrent.atomic.AtomicInteger pendingAsync = new java.util.concurrent.atomic.AtomicInteger();

    public EventBus(ExecutorService asyncExecutor) {
        this.asyncExecutor = asyncExecutor;
    }

    public <E> void subscribeSync(Class<E> type, Consumer<E> consumer) {
        subscriptions.add(new Subscription<>(type, consumer, false));
    }

    public <E> void subscribeAsync(Class<E> type, Consumer<E> consumer) {
        subscriptions.add(new Subscription<>(type, consumer, true));
    }

    public void publish(Object event) {
        for (Subscription<?> subscription : subscriptions) {
            deliver(subscription, event);
        }
    }

    private <E> void deliver(Subscription<E> subscription, Object event) {
        if (!subscription.type().isInstance(event)) {
            return;
        }
        E typed = subscription.type().cast(event);
        if (subscription.async()) {
            pendingAsync.incrementAndGet();
            try {
                asyncExecutor.execute(() -> {
                    try {
                        run(subscription, typed);
                    } finally {
                        pendingAsync.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Only while the node stops, after its async work was drained (the notifier catches up on start).
                pendingAsync.decrementAndGet();
                log.warn("async subscriber of {} skipped for {}: shutting down", subscription.type().getSimpleName(),
                        event.getClass().getSimpleName());
            }
        } else {
            run(subscription, typed);
        }
    }

    /** Deliveries to async subscribers queued or running now. */
    public int pendingAsync() {
        return pendingAsync.get();
    }

    private static <E> void run(Subscription<E> subscription, E event) {
        try {
            subscription.consumer().accept(event);
        } catch (RuntimeException e) {
            log.error("subscriber of {} failed on {}", subscription.type().getSimpleName(),
                    event.getClass().getSimpleName(), e);
        }
    }
}
