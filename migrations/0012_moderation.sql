ALTER TABLE "pitches" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pitches" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "pitches" ADD COLUMN "hidden_by" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "suspended_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "suspended_by" text;--> statement-breakpoint
-- hand-written: pitch_search_sample (migration 0011) leaves hidden pitches out, like every other
-- listing. Same body and planner settings otherwise.
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
    AND p.hidden_at IS NULL
    AND p.search @@ query
    AND (genre_filter IS NULL OR p.genre = genre_filter)
    AND (format_filter IS NULL OR p.format = format_filter)
    AND (owner_filter IS NULL OR p.owner_id = owner_filter)
    AND (tag_filter IS NULL OR p.tags @> array[tag_filter])
  LIMIT max_rows
$$;
