-- Recomputing an hour deletes its rows with "workspace_id = ? AND hour = ? AND metric IN (...)". With the
-- hour indexes of V23 on (workspace_id, hour) only, SQLite's planner takes the primary key (workspace_id,
-- metric, ...) instead, which reads every hour of those metrics: with a year of rollups each recomputed
-- hour read millions of rows (about 0.5 s), and every report request recomputes two hours first
-- (bench/README.md, "Reports"). With metric in the hour indexes the delete reads only that hour's rows.
DROP INDEX report_counts_hour;
CREATE INDEX report_counts_hour ON report_counts (workspace_id, hour, metric);
DROP INDEX report_histograms_hour;
CREATE INDEX report_histograms_hour ON report_histograms (workspace_id, hour, metric);
DROP INDEX report_sketches_hour;
CREATE INDEX report_sketches_hour ON report_sketches (workspace_id, hour, metric);
