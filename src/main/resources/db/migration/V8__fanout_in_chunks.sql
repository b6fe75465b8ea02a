-- An edition's delivery rows are made in chunks: the first few hundred with the edition itself, so
-- its first message goes out at once, the rest in later transactions. fanout_after is the last
-- subscriber id given a row so far while rows remain to be made, and NULL once every row exists; an
-- edition is never finished while it is set.
ALTER TABLE editions ADD COLUMN fanout_after BIGINT NULL;
