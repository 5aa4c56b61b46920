CREATE TABLE "email_daily_counts" (
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"sent" integer NOT NULL,
	CONSTRAINT "email_daily_counts_pkey" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "email_opt_outs" (
	"user_id" text NOT NULL,
	"category" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_opt_outs_pkey" PRIMARY KEY("user_id","category")
);
--> statement-breakpoint
ALTER TABLE "email_daily_counts" ADD CONSTRAINT "email_daily_counts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_opt_outs" ADD CONSTRAINT "email_opt_outs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;