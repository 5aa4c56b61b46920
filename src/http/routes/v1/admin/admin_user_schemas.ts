import { z } from "@hono/zod-openapi";
import { USER_ROLES } from "../../../../lib/enums.ts";
import { PLAN_IDS } from "../../../../services/billing/plans.ts";

export const RoleSchema = z.enum(USER_ROLES);

export const SuspensionSchema = z.object({
  reason: z.string(),
  suspendedBy: z.string().nullable().openapi({ description: "The administrator's user id" }),
  suspendedAt: z.iso.datetime(),
}).openapi("Suspension");

export const AdminUserSchema = z.object({
  id: z.string(),
  email: z.email(),
  name: z.string(),
  role: RoleSchema,
  emailVerified: z.boolean(),
  createdAt: z.iso.datetime(),
  suspension: SuspensionSchema.nullable().openapi({
    description: "Null unless the account is suspended",
  }),
}).openapi("AdminUser");

export const AdminUserDetailSchema = AdminUserSchema.extend({
  plan: z.enum(PLAN_IDS).openapi({
    description: "The plan in force now, after grace periods and cancellations",
  }),
  planStatus: z.string().openapi({
    description: '"free" without a subscription, else the provider\'s status ("active", ...)',
  }),
  subscription: z.object({
    plan: z.enum(["pro", "studio"]),
    status: z.string(),
    currentPeriodEnd: z.iso.datetime().nullable(),
    cancelAtPeriodEnd: z.boolean(),
    graceUntil: z.iso.datetime().nullable(),
  }).nullable().openapi({ description: "The provider's subscription as last applied" }),
}).openapi("AdminUserDetail");

/** Why an administrator acts: stored with the change and shown where the brief says. */
export const ReasonBodySchema = z.strictObject({
  reason: z.string().trim().min(1).max(500),
});

export const UserIdParams = z.object({ id: z.string().min(1).max(64) });
