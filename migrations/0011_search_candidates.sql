-- hand-written: pitch_search_sample(query, genre, format, owner_id, tag, max_rows) returns up to
-- max_rows ids of listed pitches matching a search, in storage order, through the GIN index on
-- the search vector only. It tops up a search's candidates when the newest pitches hold too few
-- matches (see listPitchesQuery). Its planner settings are the point: with sequential and
-- ordered index scans ruled out, the only plan left is a bitmap of the GIN matches whose heap
-- scan stops after max_rows rows, so its cost never depends on where in the table matches lie.
-- A filter argument that is null does not filter; the filters are written so that no other
-- index can serve them, for the same reason.
CREATE OR REPLACE FUNCTION pitch_search_sample(
  query tsquery, genre_filter text, format_filter text, owner_filter text, tag_filter text,
  max_rows integer
) RETURNS SETOF text
LANGUAGE sql STABLE
SET enable_seqscan = off
SET enable_indexscan = off
SET enable_indexonlyscan = off
AS $$
  SELECT p.id FROM pitches p
  WHERE p.status = 'published' AND p.visibility = 'public' AND p.deleted_at IS NULL
    AND p.search @@ query
    AND (genre_filter IS NULL OR p.genre = genre_filter)
    AND (format_filter IS NULL OR p.format = format_filter)
    AND (owner_filter IS NULL OR p.owner_id = owner_filter)
    AND (tag_filter IS NULL OR p.tags @> array[tag_filter])
  LIMIT max_rows
$$;
