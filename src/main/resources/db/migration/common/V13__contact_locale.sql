-- The language and time zone of the widget a contact last used (docs/notifications.md): the notification
-- email is written in that language (en, fr or de) and shows times in that zone. NULL until a widget
-- session sends them: English and UTC.
ALTER TABLE contacts ADD COLUMN locale TEXT;
ALTER TABLE contacts ADD COLUMN time_zone TEXT;
