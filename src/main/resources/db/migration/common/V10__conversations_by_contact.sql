-- Conversations belong to the contact (a person in a workspace), not to one browser: every visitor of a
-- contact sees them once its identity is verified. Events name the contact they are visible to.
CREATE INDEX conversations_contact ON conversations (workspace_id, contact_id, last_activity_at);

ALTER TABLE workspace_events RENAME COLUMN visitor_id TO contact_id;
UPDATE workspace_events SET contact_id = (SELECT v.contact_id FROM visitors v WHERE v.id = workspace_events.contact_id)
WHERE contact_id IS NOT NULL;
