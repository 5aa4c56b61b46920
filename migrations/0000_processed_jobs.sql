CREATE TABLE "processed_jobs" (
	"message_id" text PRIMARY KEY NOT NULL,
	"job_name" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "processed_jobs_processed_at_idx" ON "processed_jobs" USING btree ("processed_at");