import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./users.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** One payment-provider customer per user, created on the first checkout and reused after. */
export const billingCustomers = pgTable("billing_customers", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  customerId: text("customer_id").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
}, (t) => [uniqueIndex("billing_customers_customer_id_key").on(t.customerId)]);

/**
 * The provider's view of a user's subscription, as last applied. `provider_updated_at` is the time
 * of the newest provider state applied: an older event arriving late is ignored, so out-of-order
 * deliveries converge to the provider's latest state.
 */
export const subscriptions = pgTable("subscriptions", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  subscriptionId: text("subscription_id").notNull(),
  customerId: text("customer_id").notNull(),
  plan: text("plan").$type<"pro" | "studio">().notNull(),
  priceId: text("price_id"),
  status: text("status").notNull(),
  currentPeriodEnd: timestamptz("current_period_end"),
  cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
  /** Past-due subscriptions keep their plan until then. */
  graceUntil: timestamptz("grace_until"),
  providerUpdatedAt: timestamptz("provider_updated_at").notNull(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
}, (t) => [
  uniqueIndex("subscriptions_subscription_id_key").on(t.subscriptionId),
  index("subscriptions_customer_id_idx").on(t.customerId),
  check("subscriptions_plan_check", sql`${t.plan} in ('pro', 'studio')`),
]);

/** Webhook events already applied: a redelivery (or ten concurrent ones) is applied once. */
export const processedWebhookEvents = pgTable("processed_webhook_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  processedAt: timestamptz("processed_at").notNull().defaultNow(),
});

/**
 * Quota counters: units used per user, metric and period (a UTC day or month, by its start). A
 * conditional `update ... where used + n <= limit` makes consumption atomic under concurrency.
 */
export const usageCounters = pgTable(
  "usage_counters",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    metric: text("metric").notNull(),
    periodStart: timestamptz("period_start").notNull(),
    used: integer("used").notNull().default(0),
  },
  (
    t,
  ) => [primaryKey({ name: "usage_counters_pkey", columns: [t.userId, t.metric, t.periodStart] })],
);

/**
 * Every consumption, for reports and for rebuilding counters. The biggest table at scale: the
 * migration creates it partitioned by month on `occurred_at` (with a default partition so an
 * insert never fails), so old months can be detached or dropped whole. No foreign key to users:
 * partitions stay cheap to write, and deleted accounts are purged by a job.
 */
export const usageLedger = pgTable("usage_ledger", {
  id: bigserial("id", { mode: "number" }).notNull(),
  userId: text("user_id").notNull(),
  metric: text("metric").notNull(),
  amount: integer("amount").notNull(),
  periodStart: timestamptz("period_start").notNull(),
  occurredAt: timestamptz("occurred_at").notNull(),
}, (t) => [
  primaryKey({ name: "usage_ledger_pkey", columns: [t.id, t.occurredAt] }),
  index("usage_ledger_user_metric_idx").on(t.userId, t.metric, t.occurredAt),
]);
