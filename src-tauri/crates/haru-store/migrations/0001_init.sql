-- 0001: the diary and the tables the emotion model and the recommender write into.

CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    entry_date  TEXT NOT NULL CHECK (entry_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body        TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT 'und',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    -- Set when the entry is in the trash (deleted with undo still possible).
    deleted_at  TEXT
);
CREATE INDEX entries_by_date ON entries (entry_date, created_at);

-- Search index, maintained by the store in the same transaction as each write.
-- Terms are produced in Rust (see search.rs): `uni` holds single CJK characters and symbols,
-- `bi` overlapping CJK character pairs, `words` the other words, each hex-encoded.
CREATE VIRTUAL TABLE entry_terms USING fts5 (uni, bi, words, content = '', contentless_delete = 1);

-- One emotion distribution per entry and model.
CREATE TABLE analyses (
    entry_id          INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    model_id          TEXT NOT NULL,
    -- 28 little-endian f32 probabilities in GoEmotions label order.
    probs             BLOB NOT NULL,
    -- The entry's updated_at when it was analysed: stale when it differs.
    entry_updated_at  TEXT NOT NULL,
    analysed_at       TEXT NOT NULL,
    PRIMARY KEY (entry_id, model_id)
);

CREATE TABLE sentence_analyses (
    entry_id    INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    model_id    TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    -- Character offsets of the sentence in the body, [start, end).
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    probs       BLOB NOT NULL,
    PRIMARY KEY (entry_id, model_id, idx)
);

CREATE TABLE catalogue_items (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('movie', 'music')),
    title         TEXT NOT NULL,
    year          INTEGER,
    genres        TEXT NOT NULL DEFAULT '[]',
    language      TEXT,
    popularity    REAL,
    link          TEXT,
    source        TEXT NOT NULL,
    vector        BLOB,
    model_sha256  TEXT
);

CREATE TABLE recommendations_shown (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    item_id    TEXT NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    strategy   TEXT NOT NULL CHECK (strategy IN ('match', 'lift')),
    rank       INTEGER NOT NULL,
    score      REAL NOT NULL,
    shown_at   TEXT NOT NULL
);
CREATE INDEX recommendations_shown_by_item ON recommendations_shown (item_id, shown_at);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    item_id     TEXT NOT NULL REFERENCES catalogue_items (id) ON DELETE CASCADE,
    entry_id    INTEGER REFERENCES entries (id) ON DELETE SET NULL,
    value       TEXT NOT NULL CHECK (value IN ('like', 'dislike', 'seen', 'not_now')),
    created_at  TEXT NOT NULL
);
CREATE INDEX feedback_by_item ON feedback (item_id);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
