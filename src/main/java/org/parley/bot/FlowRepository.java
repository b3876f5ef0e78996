package org.parley.bot;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for flows, their published versions and their runs. Every query is scoped by workspace_id. */
final class FlowRepository {
    private static final String FLOW_COLUMNS = "f.id, f.workspace_id, f.name, f.position, f.enabled, f.draft, "
            + "f.published_version, (SELECT v.published_at FROM flow_versions v WHERE v.flow_id = f.id "
            + "AND v.version = f.published_version), f.created_at, f.updated_at";
    private static final String RUN_COLUMNS = "conversation_id, workspace_id, flow_id, version, status, step, state, "
            + "reason, started_at, ended_at, wake_at, asked_seq";

    record Version(int version, long publishedAt, String publishedBy) {
    }

    List<Flow> list(Handle h, String workspaceId) {
        return h.createQuery("SELECT " + FLOW_COLUMNS + " FROM flows f WHERE f.workspace_id = :ws ORDER BY f.position, f.created_at")
                .bind("ws", workspaceId).map((rs, ctx) -> flow(rs)).list();
    }

    Optional<Flow> find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + FLOW_COLUMNS + " FROM flows f WHERE f.workspace_id = :ws AND f.id = :id")
                .bind("ws", workspaceId).bind("id", id).map((rs, ctx) -> flow(rs)).findOne();
    }

    void insert(Handle h, Flow f) {
        h.createUpdate("INSERT INTO flows (id, workspace_id, name, position, enabled, draft, created_at, updated_at) "
                        + "VALUES (:id, :ws, :name, :position, :enabled, :draft, :now, :now)")
                .bind("id", f.id()).bind("ws", f.workspaceId()).bind("name", f.name()).bind("position", f.position())
                .bind("enabled", f.enabled()).bind("draft", f.draft()).bind("now", f.createdAt()).execute();
    }

    void update(Handle h, Flow f) {
        h.createUpdate("UPDATE flows SET name = :name, position = :position, enabled = :enabled, draft = :draft, "
                        + "updated_at = :now WHERE workspace_id = :ws AND id = :id")
                .bind("name", f.name()).bind("position", f.position()).bind("enabled", f.enabled())
                .bind("draft", f.draft()).bind("now", f.updatedAt()).bind("ws", f.workspaceId()).bind("id", f.id()).execute();
    }

    int delete(Handle h, String workspaceId, String id) {
        return h.createUpdate("DELETE FROM flows WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).execute();
    }

    int nextPosition(Handle h, String workspaceId) {
        return h.createQuery("SELECT COALESCE(MAX(position), 0) + 1 FROM flows WHERE workspace_id = :ws")
                .bind("ws", workspaceId).mapTo(Integer.class).one();
    }

    /** Publishes the next version; the flow row's update orders concurrent publishes of one flow. */
    int publish(Handle h, String workspaceId, String flowId, String definition, String by, long now) {
        int version = h.createQuery("UPDATE flows SET published_version = COALESCE(published_version, 0) + 1, updated_at = :now "
                        + "WHERE workspace_id = :ws AND id = :id RETURNING published_version")
                .bind("now", now).bind("ws", workspaceId).bind("id", flowId).mapTo(Integer.class).one();
        h.createUpdate("INSERT INTO flow_versions (workspace_id, flow_id, version, definition, published_at, published_by) "
                        + "VALUES (:ws, :flow, :version, :definition, :now, :by)")
                .bind("ws", workspaceId).bind("flow", flowId).bind("version", version).bind("definition", definition)
                .bind("now", now).bind("by", by).execute();
        return version;
    }

    Optional<String> definition(Handle h, String workspaceId, String flowId, int version) {
        return h.createQuery("SELECT definition FROM flow_versions WHERE workspace_id = :ws AND flow_id = :flow AND version = :v")
                .bind("ws", workspaceId).bind("flow", flowId).bind("v", version).mapTo(String.class).findOne();
    }

    List<Version> versions(Handle h, String workspaceId, String flowId) {
        return h.createQuery("SELECT version, published_at, published_by FROM flow_versions WHERE workspace_id = :ws "
                        + "AND flow_id = :flow ORDER BY version DESC")
                .bind("ws", workspaceId).bind("flow", flowId)
                .map((rs, ctx) -> new Version(rs.getInt(1), rs.getLong(2), rs.getString(3))).list();
    }

    // Runs

    /** The first visitor message after {@code afterSeq}: an answer a crash may have left unprocessed. */
    /** The client_msg_id of the visitor's opening message, the one that started the conversation (none: no row). */
    private static final String START_MESSAGE = "SELECT start_client_msg_id FROM conversations WHERE workspace_id = :ws "
            + "AND id = :conv AND start_client_msg_id IS NOT NULL";

    /**
     * Whether {@code clientMsgId} is the visitor's opening message. The start route writes the conversation, then its
     * first message: a flow's first question may be written in between, and that message never answers it.
     */
    boolean isOpeningMessage(Handle h, String workspaceId, String conversationId, String clientMsgId) {
        return h.createQuery("SELECT COUNT(*) FROM conversations WHERE workspace_id = :ws AND id = :conv "
                        + "AND start_client_msg_id = :id").bind("ws", workspaceId).bind("conv", conversationId)
                .bind("id", clientMsgId).mapTo(Integer.class).one() > 0;
    }

    Optional<org.parley.message.Message> firstVisitorMessageAfter(Handle h, String workspaceId, String conversationId,
                                                                  long afterSeq) {
        return h.createQuery("SELECT id, seq, text, content, created_at FROM messages WHERE workspace_id = :ws "
                        + "AND conversation_id = :conv AND seq > :after AND sender_type = 'CONTACT' AND is_private = :private "
                        + "AND client_msg_id NOT IN (" + START_MESSAGE + ") ORDER BY seq LIMIT 1")
                .bind("ws", workspaceId).bind("conv", conversationId).bind("after", afterSeq).bind("private", false)
                .map((rs, ctx) -> new org.parley.message.Message(rs.getString(1), workspaceId, conversationId, rs.getLong(2),
                        org.parley.message.SenderType.CONTACT, null, null, null, rs.getString(3), rs.getString(4), false,
                        rs.getLong(5))).findOne();
    }

    void insertRun(Handle h, FlowRun run) {
        h.createUpdate("INSERT INTO flow_runs (" + RUN_COLUMNS + ") VALUES (:conv, :ws, :flow, :version, :status, :step, "
                        + ":state, :reason, :started, :ended, :wake, :asked)")
                .bind("conv", run.conversationId()).bind("ws", run.workspaceId()).bind("flow", run.flowId())
                .bind("version", run.version()).bind("status", run.status()).bind("step", run.step())
                .bind("state", run.state()).bind("reason", run.reason()).bind("started", run.startedAt())
                .bind("ended", run.endedAt()).bind("wake", run.wakeAt()).bind("asked", run.askedSeq()).execute();
    }

    Optional<FlowRun> findRun(Handle h, String workspaceId, String conversationId) {
        return h.createQuery("SELECT " + RUN_COLUMNS + " FROM flow_runs WHERE workspace_id = :ws AND conversation_id = :conv")
                .bind("ws", workspaceId).bind("conv", conversationId).map((rs, ctx) -> run(rs)).findOne();
    }

    /** Saves a turn of a running run; false when the run is no longer running (the humans took it meanwhile). */
    boolean saveTurn(Handle h, FlowRun run) {
        return h.createUpdate("UPDATE flow_runs SET status = :status, step = :step, state = :state, reason = :reason, "
                        + "ended_at = :ended, wake_at = :wake, asked_seq = :asked WHERE workspace_id = :ws AND conversation_id = :conv "
                        + "AND status = 'running'")
                .bind("status", run.status()).bind("step", run.step()).bind("state", run.state())
                .bind("reason", run.reason()).bind("ended", run.endedAt()).bind("wake", run.wakeAt())
                .bind("asked", run.askedSeq()).bind("ws", run.workspaceId()).bind("conv", run.conversationId()).execute() == 1;
    }

    /** Replaces the state of a run, whatever its status (an ended run keeps the message numbers it used). */
    int saveState(Handle h, String workspaceId, String conversationId, String state) {
        return h.createUpdate("UPDATE flow_runs SET state = :state WHERE workspace_id = :ws AND conversation_id = :conv")
                .bind("state", state).bind("ws", workspaceId).bind("conv", conversationId).execute();
    }

    /** Ends a running run (a handover it did not make itself), or marks an ended one running again (given back). */
    void setStatus(Handle h, String workspaceId, String conversationId, String status, String reason, Long endedAt) {
        h.createUpdate("UPDATE flow_runs SET status = :status, reason = :reason, ended_at = :ended, wake_at = NULL "
                        + "WHERE workspace_id = :ws AND conversation_id = :conv")
                .bind("status", status).bind("reason", reason).bind("ended", endedAt)
                .bind("ws", workspaceId).bind("conv", conversationId).execute();
    }

    /** Running runs whose timer is due, any workspace (the wake-up job). */
    List<FlowRun> listDue(Handle h, long now, int limit) {
        return h.createQuery("SELECT " + RUN_COLUMNS + " FROM flow_runs WHERE wake_at <= :now AND status = 'running' "
                        + "ORDER BY wake_at LIMIT :limit")
                .bind("now", now).bind("limit", limit).map((rs, ctx) -> run(rs)).list();
    }

    /** Running runs waiting for an answer that a visitor already wrote (a turn lost to a crash), any workspace. */
    List<FlowRun> listUnanswered(Handle h, int limit) {
        return h.createQuery("SELECT " + RUN_COLUMNS + " FROM flow_runs r WHERE r.status = 'running' AND EXISTS ("
                        + "SELECT 1 FROM messages m WHERE m.workspace_id = r.workspace_id AND m.conversation_id = r.conversation_id "
                        + "AND m.seq > r.asked_seq AND m.sender_type = 'CONTACT') LIMIT :limit")
                .bind("limit", limit).map((rs, ctx) -> run(rs)).list();
    }

    private static Flow flow(ResultSet rs) throws SQLException {
        int version = rs.getInt(7);
        Integer published = rs.wasNull() ? null : version;
        long at = rs.getLong(8);
        Long publishedAt = rs.wasNull() ? null : at;
        return new Flow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getBoolean(5), rs.getString(6),
                published, publishedAt, rs.getLong(9), rs.getLong(10));
    }

    private static FlowRun run(ResultSet rs) throws SQLException {
        long ended = rs.getLong(10);
        Long endedAt = rs.wasNull() ? null : ended;
        long wake = rs.getLong(11);
        Long wakeAt = rs.wasNull() ? null : wake;
        return new FlowRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), endedAt, wakeAt, rs.getLong(12));
    }
}
