CREATE TABLE "export_chunks" (
	"export_id" text NOT NULL,
	"build_id" text NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "export_chunks_pkey" PRIMARY KEY("export_id","build_id","seq")
);
--> statement-breakpoint
ALTER TABLE "report_exports" DROP CONSTRAINT "report_exports_kind_check";--> statement-breakpoint
ALTER TABLE "report_exports" ADD COLUMN "format" text DEFAULT 'csv' NOT NULL;--> statement-breakpoint
ALTER TABLE "report_exports" ADD COLUMN "build_id" text;--> statement-breakpoint
ALTER TABLE "report_exports" ADD COLUMN "size_bytes" integer;--> statement-breakpoint
ALTER TABLE "report_exports" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_exports" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "export_chunks" ADD CONSTRAINT "export_chunks_export_id_report_exports_id_fk" FOREIGN KEY ("export_id") REFERENCES "public"."report_exports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_exports_expiry_idx" ON "report_exports" USING btree ("expires_at") WHERE "report_exports"."expires_at" is not null and "report_exports"."purged_at" is null;--> statement-breakpoint
ALTER TABLE "report_exports" ADD CONSTRAINT "report_exports_format_check" CHECK ("report_exports"."format" in ('csv', 'json'));--> statement-breakpoint
ALTER TABLE "report_exports" ADD CONSTRAINT "report_exports_kind_check" CHECK ("report_exports"."kind" in ('pitch-performance', 'account-data'));--> statement-breakpoint
-- hand-written: exports built before chunks keep their files. Each ready CSV is copied into one
-- chunk of a "legacy" build and expires 7 days after it was built (EXPORT_TTL_DAYS' default).
-- "content" stays for instances still running the old code during the deploy; a later release
-- drops it.
UPDATE "report_exports" SET "build_id" = 'legacy', "size_bytes" = octet_length("content"),
  "expires_at" = "completed_at" + interval '7 days'
WHERE "status" = 'ready' AND "content" IS NOT NULL AND "build_id" IS NULL;
--> statement-breakpoint
INSERT INTO "export_chunks" ("export_id", "build_id", "seq", "bytes")
SELECT "id", 'legacy', 0, convert_to("content", 'UTF8') FROM "report_exports"
WHERE "build_id" = 'legacy'
ON CONFLICT DO NOTHING;
