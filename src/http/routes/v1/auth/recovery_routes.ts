import { createRoute, z } from "@hono/zod-openapi";
import { AccountSchema, PasswordSchema } from "../../../schemas/account_schemas.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";
import { requireAuth } from "../../../auth/guards.ts";

/** A one-time token from an email link; the upper bound only stops absurd bodies. */
const LinkTokenSchema = z.string().min(1).max(200).openapi({ description: "Token from the link" });

export const verifyEmailRoute = createRoute({
  method: "post",
  operationId: "verifyEmail",
  path: "/verify-email",
  tags: ["Auth"],
  summary: "Confirm an email address with the link from the welcome email",
  description: "The link works once and expires after 7 days. Needs no session.",
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.strictObject({ token: LinkTokenSchema }) } },
    },
  },
  responses: {
    200: {
      description: "Email verified; the account as it is now",
      content: { "application/json": { schema: z.object({ user: AccountSchema }) } },
    },
    ...problemResponses(400, 422),
  },
});

export const requestPasswordResetRoute = createRoute({
  method: "post",
  operationId: "requestPasswordReset",
  path: "/password-reset",
  tags: ["Auth"],
  summary: "Email a password reset link",
  description: "Always answers 202 with the same body, whether or not an account has this email. " +
    "At most 3 emails per account and 20 requests per address in an hour.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: z.strictObject({ email: z.email().max(254) }) },
      },
    },
  },
  responses: {
    202: {
      description: "Accepted; a link is sent if an account has this email",
      content: {
        "application/json": { schema: z.object({ status: z.literal("accepted") }) },
      },
    },
    ...problemResponses(422, 429),
  },
});

export const confirmPasswordResetRoute = createRoute({
  method: "post",
  operationId: "resetPassword",
  path: "/password-reset/confirm",
  tags: ["Auth"],
  summary: "Set a new password with the link from the reset email",
  description: "The link works once and expires after 1 hour. Every session of the account is " +
    "revoked; the email counts as verified.",
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({ token: LinkTokenSchema, password: PasswordSchema }),
        },
      },
    },
  },
  responses: {
    200: {
      description: "Password changed; sign in again with it",
      content: {
        "application/json": { schema: z.object({ status: z.literal("password-changed") }) },
      },
    },
    ...problemResponses(400, 422),
  },
});

export const resendVerificationRoute = createRoute({
  method: "post",
  operationId: "resendVerificationEmail",
  path: "/verify-email/resend",
  tags: ["Auth"],
  summary: "Email the signed-in user a new verification link",
  description: "Always 202 for a signed-in caller: an account already verified gets no email. " +
    "At most 3 a user in an hour, then 429. Earlier links stay valid until they expire.",
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  responses: {
    202: {
      description: "Accepted; a link is on its way unless the email is already verified",
      content: {
        "application/json": { schema: z.object({ status: z.literal("accepted") }) },
      },
    },
    ...problemResponses(401, 403, 429),
  },
});
