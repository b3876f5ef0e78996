-- The snooze wake-up job looks for snoozed conversations whose time has come, across workspaces.
CREATE INDEX conversations_snoozed ON conversations (status, snoozed_until);
