import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../context.ts";
import { SESSION_COOKIE } from "../auth/session_cookie.ts";
import { IDEMPOTENCY_KEY_COMPONENT, IDEMPOTENCY_KEY_PARAMETER } from "../schemas/idempotency.ts";
import {
  FeatureProblemSchema,
  ProblemSchema,
  QuotaProblemSchema,
  RetryProblemSchema,
  ValidationProblemSchema,
} from "../schemas/problem_schemas.ts";
import type { OpenApiLike } from "./document_types.ts";
import { finishDocument } from "./finish_document.ts";

export interface DocumentOptions {
  title: string;
  version: string;
  publicUrl: string;
  maxBodyBytes: number;
}

/**
 * Registers the shared components and serves `GET /openapi.json`: the document of every route
 * mounted on `app`, built from its merged registry on the first request (the routes are fixed by
 * then) and finished by `finishDocument`. Call after mounting the routers.
 */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>, options: DocumentOptions): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A session token (`ps_...`) or an API key (`pk_...`)",
  });
  registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: SESSION_COOKIE,
    description: "Set by sign-up and login; changes must come from an allowed `Origin`",
  });
  // One definition of the header that every POST that creates or spends refers to.
  registry.registerComponent("parameters", IDEMPOTENCY_KEY_COMPONENT, IDEMPOTENCY_KEY_PARAMETER);
  // Referenced only from the shared error responses, which zod-openapi does not see.
  registry.register("Problem", ProblemSchema);
  registry.register("ValidationProblem", ValidationProblemSchema);
  registry.register("QuotaProblem", QuotaProblemSchema);
  registry.register("FeatureProblem", FeatureProblemSchema);
  registry.register("RetryProblem", RetryProblemSchema);

  let document: unknown;
  app.get("/openapi.json", (c) => {
    document ??= buildDocument(app, options);
    return c.json(document);
  });
}

/** The finished OpenAPI 3.1 document of `app`. */
export function buildDocument(app: OpenAPIHono<AppEnv>, options: DocumentOptions) {
  const generated = app.getOpenAPI31Document({
    openapi: "3.1.0",
    info: { title: options.title, version: options.version },
    servers: [{ url: options.publicUrl }],
  });
  return finishDocument(generated as unknown as OpenApiLike, options);
}
