/**
 * Reports on what happens on the site and in conversations (docs/analytics.md): hourly rollups kept up to
 * date from the events ({@link RollupJob}), read by the report queries ({@link Reports}) and served with a
 * CSV export ({@link ReportHttp}).
 *
 * <p>Owns report_counts, report_histograms, report_sketches, report_dirty_hours and report_settings.
 * Reads (never writes) visitor_activity, conversations, messages, flow_runs, conversation_ratings and
 * reply_reach. Subscribes to ActivityRecorded and every DomainEvent; publishes nothing.
 */
package org.parley.analytics;
