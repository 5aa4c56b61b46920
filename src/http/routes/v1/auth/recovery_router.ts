import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../../context.ts";
import { requestPasswordReset } from "../../../../services/accounts/request_password_reset.ts";
import { resetPassword } from "../../../../services/accounts/reset_password.ts";
import { resendVerificationEmail } from "../../../../services/accounts/resend_verification_email.ts";
import { verifyEmail } from "../../../../services/accounts/verify_email.ts";
import { clientIp } from "../../../auth/client_ip.ts";
import { requirePrincipal } from "../../../auth/guards.ts";
import { validationHook } from "../../../validation.ts";
import {
  confirmPasswordResetRoute,
  requestPasswordResetRoute,
  resendVerificationRoute,
  verifyEmailRoute,
} from "./recovery_routes.ts";

/** Email verification and password reset: the links sent by email land here. */
export function recoveryRouter() {
  const router = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  router.openapi(verifyEmailRoute, async (c) => {
    const user = await verifyEmail({ ctx: c.get("deps"), input: c.req.valid("json") });
    return c.json({ user }, 200);
  });

  router.openapi(resendVerificationRoute, async (c) => {
    const { userId } = requirePrincipal(c);
    await resendVerificationEmail({ ctx: c.get("deps"), input: { userId } });
    return c.json({ status: "accepted" as const }, 202);
  });

  router.openapi(requestPasswordResetRoute, async (c) => {
    await requestPasswordReset({
      ctx: c.get("deps"),
      input: { email: c.req.valid("json").email, ip: clientIp(c) },
    });
    return c.json({ status: "accepted" as const }, 202);
  });

  router.openapi(confirmPasswordResetRoute, async (c) => {
    await resetPassword({ ctx: c.get("deps"), input: c.req.valid("json") });
    return c.json({ status: "password-changed" as const }, 200);
  });

  return router;
}
