-- Full-text search over message text (PostgreSQL): an expression GIN index used by
--   to_tsvector('simple', regexp_replace(text, '[[:punct:]]+', ' ', 'g')) @@ to_tsquery('simple', ...)
-- 'simple' lower-cases and does not stem, so any language is matched word for word. Punctuation becomes
-- space first, so words are runs of letters and digits as in SQLite's unicode61 tokenizer (PostgreSQL's
-- parser alone reads "A-1234" as "a" and the integer "-1234", and "ana@shop.example" as one email token).
-- The expression must stay identical to the one in search.SearchRepository, or the index is not used.
-- The index covers existing rows as it is built.
CREATE INDEX messages_text_search ON messages
    USING GIN (to_tsvector('simple', regexp_replace(text, '[[:punct:]]+', ' ', 'g')));
