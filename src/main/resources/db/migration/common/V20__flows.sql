-- Bots (issue 13, docs/bots.md). A conversation's thread owner: 'humans', or 'flow:<flow id>:<version>' while a
-- flow runs it; attributes a flow (or later an integration) set on the conversation, as a JSON object.
ALTER TABLE conversations ADD COLUMN owner TEXT NOT NULL DEFAULT 'humans';
ALTER TABLE conversations ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';

-- A flow: its editable draft, and its place in the order triggers are checked in.
CREATE TABLE flows (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT NOT NULL REFERENCES workspaces (id),
    name              TEXT NOT NULL,
    position          INTEGER NOT NULL,
    enabled           BOOLEAN NOT NULL DEFAULT TRUE,
    draft             TEXT NOT NULL,
    published_version INTEGER,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX flows_workspace ON flows (workspace_id, position);

-- Published versions never change: a conversation runs to its end on the version it started with.
CREATE TABLE flow_versions (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    flow_id      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    definition   TEXT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by TEXT,
    PRIMARY KEY (flow_id, version)
);

-- One run per conversation: where the flow is (step, answers: state), and how it ended.
-- status: running | resolved | handed_off | dropped. wake_at: when a wait ends or an ask times out. asked_seq: the seq
-- of the question the run waits an answer to; only a visitor message after it answers (and the wake-up job finds
-- one a crash left unprocessed).
CREATE TABLE flow_runs (
    conversation_id TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    flow_id         TEXT NOT NULL,
    version         INTEGER NOT NULL,
    status          TEXT NOT NULL,
    step            TEXT,
    state           TEXT NOT NULL,
    reason          TEXT,
    started_at      BIGINT NOT NULL,
    ended_at        BIGINT,
    wake_at         BIGINT,
    asked_seq       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX flow_runs_flow ON flow_runs (workspace_id, flow_id, version, status);
CREATE INDEX flow_runs_started ON flow_runs (workspace_id, started_at);
CREATE INDEX flow_runs_wake ON flow_runs (wake_at);
