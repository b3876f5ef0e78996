-- Full-text search over message text (SQLite FTS5). A plain FTS5 table holding its own copy of the text,
-- kept in step by triggers: an external-content table would key on messages' implicit rowid, which VACUUM
-- may renumber (messages has a TEXT primary key). System messages are not indexed. Lookups filter by
-- workspace_id (UNINDEXED, stored beside each row). A later migration that rebuilds messages (SQLite's way
-- to change a table's columns) drops these triggers and must create them again.
CREATE VIRTUAL TABLE message_search USING fts5 (
    text,
    message_id UNINDEXED,
    workspace_id UNINDEXED,
    conversation_id UNINDEXED,
    seq UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
WHEN new.sender_type NOT IN ('SYSTEM', 'system')
BEGIN
    INSERT INTO message_search (text, message_id, workspace_id, conversation_id, seq)
    VALUES (new.text, new.id, new.workspace_id, new.conversation_id, new.seq);
END;

CREATE TRIGGER messages_search_update AFTER UPDATE OF text, sender_type ON messages
BEGIN
    DELETE FROM message_search WHERE message_id = old.id;
    INSERT INTO message_search (text, message_id, workspace_id, conversation_id, seq)
    SELECT new.text, new.id, new.workspace_id, new.conversation_id, new.seq
    WHERE new.sender_type NOT IN ('SYSTEM', 'system');
END;

CREATE TRIGGER messages_search_delete AFTER DELETE ON messages
BEGIN
    DELETE FROM message_search WHERE message_id = old.id;
END;

-- Messages written before this migration.
INSERT INTO message_search (text, message_id, workspace_id, conversation_id, seq)
SELECT text, id, workspace_id, conversation_id, seq FROM messages
WHERE sender_type NOT IN ('SYSTEM', 'system');
