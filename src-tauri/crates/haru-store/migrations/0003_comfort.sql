-- The "comfort" strategy (issue 17): SQLite cannot alter a CHECK constraint, so the two tables
-- that name a strategy are rebuilt with the wider check; rows, ids and indexes are kept.

CREATE TABLE recommendations_shown_v3 (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    item_id    TEXT NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    strategy   TEXT NOT NULL CHECK (strategy IN ('match', 'comfort', 'lift')),
    rank       INTEGER NOT NULL,
    score      REAL NOT NULL,
    shown_at   TEXT NOT NULL,
    context    TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO recommendations_shown_v3 (id, entry_id, item_id, strategy, rank, score, shown_at, context)
    SELECT id, entry_id, item_id, strategy, rank, score, shown_at, context FROM recommendations_shown;
DROP TABLE recommendations_shown;
ALTER TABLE recommendations_shown_v3 RENAME TO recommendations_shown;
CREATE INDEX recommendations_shown_by_item ON recommendations_shown (item_id, shown_at);
CREATE INDEX recommendations_shown_by_entry
    ON recommendations_shown (entry_id, strategy, shown_at);
CREATE INDEX recommendations_shown_by_time ON recommendations_shown (shown_at);

CREATE TABLE feedback_v3 (
    id          INTEGER PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    entry_id    INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    value       TEXT NOT NULL CHECK (value IN ('like', 'dislike', 'seen', 'not_now')),
    created_at  TEXT NOT NULL,
    strategy    TEXT CHECK (strategy IN ('match', 'comfort', 'lift')),
    context     TEXT
);
INSERT INTO feedback_v3 (id, item_id, entry_id, value, created_at, strategy, context)
    SELECT id, item_id, entry_id, value, created_at, strategy, context FROM feedback;
DROP TABLE feedback;
ALTER TABLE feedback_v3 RENAME TO feedback;
CREATE INDEX feedback_by_item ON feedback (item_id);
CREATE INDEX feedback_by_time ON feedback (created_at);
