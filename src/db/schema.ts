/**
 * The drizzle schema: every table, re-exported from one module so drizzle-kit and the query builder
 * see the same set. Tables live in `tables/`, one domain per file.
 */
export * from "./tables/credentials.ts";
export * from "./tables/processed_jobs.ts";
export * from "./tables/users.ts";
export * from "./tables/engagement.ts";
export * from "./tables/pitches.ts";
export * from "./tables/billing.ts";
export * from "./tables/exports.ts";
export * from "./tables/email.ts";
export * from "./tables/analytics.ts";
export * from "./tables/digests.ts";
export * from "./tables/jobs.ts";
export * from "./tables/idempotency_keys.ts";
