-- A conversation started with a first message remembers that message's client_msg_id: starting again with
-- the same id (a retry, or the same start raced) finds the same conversation, never a second one
-- (docs/widget.md, "Starting a conversation"). NULLs are distinct, so starts without a message are unaffected.
ALTER TABLE conversations ADD COLUMN start_client_msg_id TEXT;
CREATE UNIQUE INDEX conversations_start ON conversations (workspace_id, contact_id, start_client_msg_id);
