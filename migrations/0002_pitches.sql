CREATE TABLE "follows" (
	"follower_id" text NOT NULL,
	"followee_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follows_pkey" PRIMARY KEY("follower_id","followee_id")
);
--> statement-breakpoint
CREATE TABLE "pitch_views" (
	"pitch_id" text NOT NULL,
	"viewer" text NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "pitch_views_pkey" PRIMARY KEY("pitch_id","viewer","day")
);
--> statement-breakpoint
CREATE TABLE "pitches" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"title" text NOT NULL,
	"logline" text NOT NULL,
	"synopsis" text DEFAULT '' NOT NULL,
	"genre" text NOT NULL,
	"format" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"budget_range" text,
	"deck_url" text,
	"visibility" text DEFAULT 'public' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"view_count" integer DEFAULT 0 NOT NULL,
	"save_count" integer DEFAULT 0 NOT NULL,
	"trending_score" double precision DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', logline), 'B') || setweight(to_tsvector('english', synopsis), 'C')) STORED,
	CONSTRAINT "pitches_genre_check" CHECK ("pitches"."genre" in ('drama', 'comedy', 'thriller', 'horror', 'sci-fi', 'fantasy', 'documentary', 'animation', 'action', 'romance', 'other')),
	CONSTRAINT "pitches_format_check" CHECK ("pitches"."format" in ('feature', 'series', 'short', 'podcast', 'other')),
	CONSTRAINT "pitches_budget_check" CHECK ("pitches"."budget_range" is null or "pitches"."budget_range" in ('under-100k', '100k-1m', '1m-10m', '10m-50m', 'over-50m')),
	CONSTRAINT "pitches_visibility_check" CHECK ("pitches"."visibility" in ('public', 'unlisted', 'private')),
	CONSTRAINT "pitches_status_check" CHECK ("pitches"."status" in ('draft', 'published', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "saves" (
	"user_id" text NOT NULL,
	"pitch_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saves_pkey" PRIMARY KEY("user_id","pitch_id")
);
--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_follower_id_users_id_fk" FOREIGN KEY ("follower_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follows" ADD CONSTRAINT "follows_followee_id_users_id_fk" FOREIGN KEY ("followee_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pitch_views" ADD CONSTRAINT "pitch_views_pitch_id_pitches_id_fk" FOREIGN KEY ("pitch_id") REFERENCES "public"."pitches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pitches" ADD CONSTRAINT "pitches_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saves" ADD CONSTRAINT "saves_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saves" ADD CONSTRAINT "saves_pitch_id_pitches_id_fk" FOREIGN KEY ("pitch_id") REFERENCES "public"."pitches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follows_follower_created_idx" ON "follows" USING btree ("follower_id","created_at" DESC NULLS FIRST,"followee_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "follows_followee_idx" ON "follows" USING btree ("followee_id");--> statement-breakpoint
CREATE INDEX "pitch_views_day_idx" ON "pitch_views" USING btree ("day");--> statement-breakpoint
CREATE INDEX "pitches_owner_idx" ON "pitches" USING btree ("owner_id","created_at" DESC NULLS FIRST) WHERE "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "pitches_listed_new_idx" ON "pitches" USING btree ("published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "pitches"."status" = 'published' and "pitches"."visibility" = 'public' and "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "pitches_listed_trending_idx" ON "pitches" USING btree ("trending_score" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "pitches"."status" = 'published' and "pitches"."visibility" = 'public' and "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "pitches_listed_genre_idx" ON "pitches" USING btree ("genre","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "pitches"."status" = 'published' and "pitches"."visibility" = 'public' and "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "pitches_listed_format_idx" ON "pitches" USING btree ("format","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "pitches"."status" = 'published' and "pitches"."visibility" = 'public' and "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "pitches_listed_owner_idx" ON "pitches" USING btree ("owner_id","published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "pitches"."status" = 'published' and "pitches"."visibility" = 'public' and "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "pitches_tags_idx" ON "pitches" USING gin ("tags") WHERE "pitches"."status" = 'published' and "pitches"."visibility" = 'public' and "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "pitches_search_idx" ON "pitches" USING gin ("search") WHERE "pitches"."status" = 'published' and "pitches"."visibility" = 'public' and "pitches"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "saves_user_created_idx" ON "saves" USING btree ("user_id","created_at" DESC NULLS FIRST,"pitch_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "saves_pitch_idx" ON "saves" USING btree ("pitch_id");