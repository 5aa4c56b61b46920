CREATE TABLE "pitch_view_daily" (
	"pitch_id" text NOT NULL,
	"day" date NOT NULL,
	"views" integer NOT NULL,
	CONSTRAINT "pitch_view_daily_pkey" PRIMARY KEY("pitch_id","day")
);
--> statement-breakpoint
CREATE TABLE "pitch_view_rollups" (
	"day" date PRIMARY KEY NOT NULL,
	"rolled_up_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "weekly_digests" (
	"user_id" text NOT NULL,
	"week_start" date NOT NULL,
	"pitch_count" integer NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "weekly_digests_pkey" PRIMARY KEY("user_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "pitch_view_daily" ADD CONSTRAINT "pitch_view_daily_pitch_id_pitches_id_fk" FOREIGN KEY ("pitch_id") REFERENCES "public"."pitches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "weekly_digests" ADD CONSTRAINT "weekly_digests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- hand-written: the usage ledger keeps partitions for this month and the next two (0004 created
-- two; the maintain-ledger-partitions job keeps it so from now on). Should rows already sit in the
-- default partition for that month, leave it to the job, which moves them first.
DO $$
BEGIN
  PERFORM usage_ledger_ensure_partition(now() + interval '2 months');
EXCEPTION WHEN others THEN
  RAISE NOTICE 'usage_ledger partition two months ahead left to the maintenance job: %', SQLERRM;
END $$;
