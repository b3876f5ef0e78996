package org.parley.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.parley.storage.WriteMetrics;

/**
 * The node's meters in one Prometheus registry (docs/operations.md lists the series). Features never see it:
 * Wiring registers gauges over their read methods and subscribes the counters to their events.
 */
public final class Metrics implements WriteMetrics, AutoCloseable {
    /** The Prometheus text format that {@link #scrape} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private final Timer publicationLag;

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.batchSizes = DistributionSummary.builder("parley.write.batch.size")
                .description("Writes committed together in one transaction (group commit)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        this.commits = Timer.builder("parley.write.commit")
                .description("One write batch's transaction, BEGIN to COMMIT")
                .serviceLevelObjectives(millis(1), millis(5), millis(10), millis(25), millis(50), millis(100),
                        millis(250), millis(1000))
                .register(registry);
        this.publicationLag = Timer.builder("parley.events.publish.lag")
                .description("From a batch's COMMIT to the start of its events' delivery to the event bus subscribers")
                .serviceLevelObjectives(millis(1), millis(5), millis(10), millis(50), millis(100), millis(1000))
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** A message was sent (committed and published); {@code sender} is contact, agent, bot or system. */
    public void messageSent(String sender) {
        messagesSent(sender).increment();
    }

    /** Creates the message counters of these sender types at 0, so that every series exists from the start. */
    public void messageSenders(Iterable<String> senders) {
        senders.forEach(this::messagesSent);
    }

    private Counter messagesSent(String sender) {
        return Counter.builder("parley.messages.sent").description("Messages sent, by sender type")
                .tag("sender", sender).register(registry);
    }

    /** A gauge read at every scrape: {@code value} must be cheap (no database). {@code tags}: key, value, ... */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).register(registry);
    }

    /**
     * Gauges, one per {@code tagValues}, over one query that runs at most once per {@code maxAge} however often
     * Prometheus scrapes. A failing query reads as NaN until it answers again.
     */
    public void cachedGauges(String name, String description, String tag, Iterable<String> tagValues,
                             Supplier<Map<String, ? extends Number>> query, Duration maxAge) {
        CachedReading reading = new CachedReading(query, maxAge);
        for (String tagValue : tagValues) {
            Gauge.builder(name, () -> reading.get(tagValue)).description(description).tag(tag, tagValue).register(registry);
        }
    }

    @Override
    public void committed(int batchSize, long commitNanos) {
        batchSizes.record(batchSize);
        commits.record(commitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void published(long nanosSinceCommit) {
        publicationLag.record(nanosSinceCommit, TimeUnit.NANOSECONDS);
    }

    private static Duration millis(long ms) {
        return Duration.ofMillis(ms);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
