CREATE TABLE "report_exports" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"row_count" integer,
	"content" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "report_exports_kind_check" CHECK ("report_exports"."kind" in ('pitch-performance')),
	CONSTRAINT "report_exports_status_check" CHECK ("report_exports"."status" in ('queued', 'ready', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "report_exports" ADD CONSTRAINT "report_exports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_exports_user_created_idx" ON "report_exports" USING btree ("user_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);