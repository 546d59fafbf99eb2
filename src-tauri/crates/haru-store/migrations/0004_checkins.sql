-- The writer's own word on how an entry's day felt: the feelings they picked (GoEmotions label
-- names, comma-separated, in label order) and, optionally, a point on pleasantness × energy
-- (each -1 … 1, Mood Meter style). One per entry, removed with it. Where it exists, history
-- views, the year grid, the gentle-care rule and recommendations use it instead of the model's
-- reading (which stays in `analyses`, shown beside it).

CREATE TABLE checkins (
    entry_id   INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    labels     TEXT NOT NULL,
    pleasant   REAL CHECK (pleasant IS NULL OR (pleasant >= -1 AND pleasant <= 1)),
    energy     REAL CHECK (energy IS NULL OR (energy >= -1 AND energy <= 1)),
    updated_at TEXT NOT NULL
);
