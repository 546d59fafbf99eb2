-- Recommendations (issue 4): what the learner needs to learn from a click, and its state.

-- Items are stored when they are shown (a snapshot of the shipped catalogue's row, so the
-- feedback history keeps its titles) or imported by the user (source 'user', the catalogue of
-- record for them, with the text or audio features their vector came from).
ALTER TABLE catalogue_items ADD COLUMN creator TEXT;
ALTER TABLE catalogue_items ADD COLUMN basis TEXT;
ALTER TABLE catalogue_items ADD COLUMN mood TEXT;
ALTER TABLE catalogue_items ADD COLUMN user_text TEXT;
ALTER TABLE catalogue_items ADD COLUMN user_features TEXT;

-- The day's 28 probabilities (JSON) an item was ranked for, so a later click can be learned
-- from even after the entry changed or was deleted.
ALTER TABLE recommendations_shown ADD COLUMN context TEXT NOT NULL DEFAULT '[]';
CREATE INDEX recommendations_shown_by_entry
    ON recommendations_shown (entry_id, strategy, shown_at);
CREATE INDEX recommendations_shown_by_time ON recommendations_shown (shown_at);

ALTER TABLE feedback ADD COLUMN strategy TEXT CHECK (strategy IN ('match', 'lift'));
ALTER TABLE feedback ADD COLUMN context TEXT;
CREATE INDEX feedback_by_time ON feedback (created_at);

-- One online learner per kind (JSON of haru-recommend's LearnerState half); a cache of what
-- the feedback table teaches, reset by the user.
CREATE TABLE learner_state (
    kind        TEXT PRIMARY KEY CHECK (kind IN ('movie', 'music')),
    state       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
