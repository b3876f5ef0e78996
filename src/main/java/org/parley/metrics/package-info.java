/**
 * Operator metrics (docs/operations.md): one Micrometer registry per node, served in the Prometheus text format.
 *
 * <p>Shared plumbing: imports no feature. Owns no table. Implements storage.WriteMetrics and http request
 * timing; Wiring registers the gauges over features' read methods and subscribes the message counter to
 * MessageSent (sync).
 */
package org.parley.metrics;
