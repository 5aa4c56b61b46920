import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, Deps } from "./context.ts";
import { handleError } from "./http/error_handler.ts";
import { createAllowedMethodsLookup } from "./http/method_not_allowed.ts";
import { bodySizeLimit } from "./http/middleware/body_size_limit.ts";
import { readYourWrites } from "./http/middleware/read_your_writes.ts";
import { requestContext } from "./http/middleware/request_context.ts";
import { requestBodyRules } from "./http/middleware/request_body_rules.ts";
import { requireJsonBody } from "./http/middleware/require_json.ts";
import { problemResponse } from "./http/problem.ts";
import { requireRole } from "./http/auth/guards.ts";
import { apiRateLimit } from "./http/middleware/api_rate_limit.ts";
import { authenticate, refuseRejectedCredential } from "./http/middleware/authenticate.ts";
import { devRouter } from "./http/routes/dev/router.ts";
import { docsRouter } from "./http/routes/docs/router.ts";
import { healthRouter } from "./http/routes/health/router.ts";
import { detailedHealthRouter } from "./http/routes/health/detailed_router.ts";
import { jobsRouter } from "./http/routes/jobs/router.ts";
import { metricsRouter } from "./http/routes/metrics/router.ts";
import { problemsRouter } from "./http/routes/problems/router.ts";
import { adminRouter } from "./http/routes/v1/admin/router.ts";
import { emailRouter } from "./http/routes/v1/email/router.ts";
import { isMailbox } from "./ports/mailer.ts";
import { authRouter } from "./http/routes/v1/auth/router.ts";
import { billingRouter } from "./http/routes/v1/billing/router.ts";
import { entitlementsRouter } from "./http/routes/v1/entitlements/router.ts";
import { meRouter } from "./http/routes/v1/me/router.ts";
import { pitchesRouter } from "./http/routes/v1/pitches/router.ts";
import { plansRouter } from "./http/routes/v1/plans/router.ts";
import { usersRouter } from "./http/routes/v1/users/router.ts";
import { webhooksRouter } from "./http/routes/webhooks/router.ts";
import { MemoRouter } from "./http/memo_router.ts";
import { validationHook } from "./http/validation.ts";
import { serveOpenApiDocument } from "./http/openapi/serve_document.ts";
import { installZodMessages } from "./lib/zod_messages.ts";
import { API_VERSION } from "./lib/version.ts";

/** JSON bodies above this are refused with 413 before they are read. */
export const MAX_BODY_BYTES = 1024 * 1024;

export { API_VERSION };

/**
 * Builds the whole HTTP application from injected dependencies. Never listens: `main.ts` serves it
 * and tests call `app.request` on it.
 */
export function createApp(deps: Deps) {
  installZodMessages();
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook, router: new MemoRouter() });

  // Also answers CORS preflights and writes the security and CORS headers of every answer.
  app.use("*", requestContext(deps));
  app.use(
    "*",
    requestBodyRules([
      bodySizeLimit(MAX_BODY_BYTES),
      // RFC 8058 one-click unsubscribes arrive as forms from mail providers and the confirmation
      // page.
      requireJsonBody({ formPaths: ["/v1/email/unsubscribe"] }),
    ]),
  );
  // Before authenticate: the metrics token is not a session, and a scrape is never rate limited.
  app.route("/metrics", metricsRouter());
  // For admins or the metrics token; it runs `authenticate` itself when the token is not given.
  app.route("/health/detailed", detailedHealthRouter());
  app.use("*", authenticate());
  // After authenticate: signed-in callers are counted per user and plan, others per address.
  app.use("*", apiRateLimit());
  app.use("*", refuseRejectedCredential());
  // With a read replica, a caller's reads follow their own writes for a few seconds.
  if (deps.readDb !== deps.db) app.use("*", readYourWrites(deps));
  // Deny by default: every admin route, present and future, needs the admin role. Registered
  // before the routers, so it runs first and also covers unknown paths below /v1/admin.
  app.use("/v1/admin/*", requireRole("admin"));

  // Each router owns one URL prefix, and its folder under http/routes/ is named after it.
  app.route("/health", healthRouter());
  app.route("/docs", docsRouter());
  app.route("/problems", problemsRouter());
  app.route("/jobs", jobsRouter());
  app.route("/webhooks", webhooksRouter());
  // Offline stand-ins for hosted pages: in production an offline checkout would hand out paid
  // plans for free, so `/dev` does not exist there at all. `GET /dev/mail` exists only when the
  // dev mailer keeps the mail instead of sending it.
  if (deps.settings.environment !== "production") {
    app.route("/dev", devRouter({ mail: isMailbox(deps.mailer) }));
  }
  app.route("/v1/auth", authRouter());
  app.route("/v1/me", meRouter());
  app.route("/v1/users", usersRouter());
  app.route("/v1/admin", adminRouter());
  app.route("/v1/pitches", pitchesRouter());
  app.route("/v1/plans", plansRouter());
  app.route("/v1/entitlements", entitlementsRouter());
  app.route("/v1/billing", billingRouter());
  app.route("/v1/email", emailRouter());

  serveOpenApiDocument(app, {
    title: "Pitchey API",
    version: API_VERSION,
    publicUrl: deps.settings.publicUrl,
    maxBodyBytes: MAX_BODY_BYTES,
  });

  const allowedMethods = createAllowedMethodsLookup(() => app.routes);
  app.notFound((c) => {
    const allow = allowedMethods(c.req.path);
    if (allow.length > 0) {
      return problemResponse(c, {
        slug: "method-not-allowed",
        detail: `Method "${c.req.method}" is not allowed on "${c.req.path}"; use ${
          allow.join(", ")
        }`,
        headers: { allow: allow.join(", ") },
      });
    }
    return problemResponse(c, { slug: "not-found", detail: `No route for "${c.req.path}"` });
  });
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
