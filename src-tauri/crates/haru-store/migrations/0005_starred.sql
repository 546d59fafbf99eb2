-- A star on an entry (jrnl's `starred`, Day One's `starred`, kept when imported).
ALTER TABLE entries ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
