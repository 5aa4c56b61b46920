import { PROBLEMS, type ProblemSlug, problemTypeUri } from "../problem.ts";
import { PROBLEM_SCHEMA_SLUGS, problemRef } from "../schemas/problem_schemas.ts";
import { apiDescription } from "./api_description.ts";
import { API_TAGS, INTERNAL_TAGS } from "./api_tags.ts";
import { type OpenApiLike, operationEntries, type OperationLike } from "./document_types.ts";
import { errorResponseComponents } from "./error_responses.ts";
import { operationErrors } from "./middleware_errors.ts";
import { moveRequestDefaults } from "./request_defaults.ts";
import {
  headerComponentName,
  headerRef,
  SHARED_HEADERS,
  type SharedHeaderName,
} from "./shared_headers.ts";

export interface DocumentSettings {
  publicUrl: string;
  maxBodyBytes: number;
}

/**
 * Completes the document zod-openapi generates from the routes with what no single route knows:
 * the errors and headers the global middleware adds to every operation, the shared components
 * they refer to, the problem `type` URIs of this deployment, the tags in reading order, the
 * conventions in `info.description`, and `x-internal` on operations that are not for front ends.
 * Mutates and returns `doc`.
 */
export function finishDocument(doc: OpenApiLike, settings: DocumentSettings): OpenApiLike {
  const components = (doc.components ??= {});
  components.headers = Object.fromEntries(
    Object.entries(SHARED_HEADERS).map(([name, header]) => [
      headerComponentName(name as SharedHeaderName),
      header,
    ]),
  );
  components.responses = { ...errorResponseComponents(), ...(components.responses ?? {}) };
  typeProblemSlugs(doc, settings.publicUrl);
  for (const { method, path, operation } of operationEntries(doc)) {
    addMiddlewareErrors(method, path, operation);
    // Rate-limited exactly where the middleware can answer 429.
    documentSuccessHeaders(operation, "429" in (operation.responses ?? {}));
    // Routes that need no credential still read one if sent (an invalid one is a 401), so the
    // credential is optional rather than absent.
    operation.security ??= [{}, { bearerAuth: [] }, { sessionCookie: [] }];
    if (operation.tags?.some((tag) => INTERNAL_TAGS.has(tag))) operation["x-internal"] = true;
  }
  moveRequestDefaults(doc);
  doc.tags = API_TAGS.map((tag) => ({ ...tag }));
  const info = doc.info as Record<string, unknown>;
  info.description = apiDescription({ maxBodyBytes: settings.maxBodyBytes });
  return doc;
}

function addMiddlewareErrors(method: string, path: string, operation: OperationLike): void {
  const responses = (operation.responses ??= {});
  const hasJsonBody = Object.keys(operation.requestBody?.content ?? {})
    .some((type) => type.includes("json"));
  const statuses = operationErrors({
    method,
    path,
    hasJsonBody,
    hasParameters: (operation.parameters ?? []).length > 0,
  });
  for (const status of statuses) responses[status] ??= problemRef(status);
  // Keep the numeric order a reader expects; object keys that are integers sort that way anyway.
  operation.responses = Object.fromEntries(
    Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)),
  );
}

/**
 * Every inline (success) response gets `X-Request-Id`, and the rate-limit fields when `limited`;
 * the `ETag` and `Location` headers routes declare become references to the shared definitions.
 */
function documentSuccessHeaders(operation: OperationLike, limited: boolean): void {
  for (const response of Object.values(operation.responses ?? {})) {
    if (response.$ref) continue;
    const declared = response.headers ?? {};
    const headers: Record<string, unknown> = {
      ...headerRef("X-Request-Id"),
      ...(limited ? { ...headerRef("RateLimit"), ...headerRef("RateLimit-Policy") } : {}),
    };
    for (const [name, header] of Object.entries(declared)) {
      const shared = sharedName(name);
      headers[shared ?? name] = shared ? headerRef(shared)[shared] : header;
    }
    response.headers = headers;
  }
}

function sharedName(name: string): SharedHeaderName | undefined {
  const lower = name.toLowerCase();
  return (Object.keys(SHARED_HEADERS) as SharedHeaderName[])
    .find((shared) => shared.toLowerCase() === lower);
}

/** Each problem schema's `type` is the enum of its slugs' URIs on this deployment. */
function typeProblemSlugs(doc: OpenApiLike, publicUrl: string): void {
  const all = Object.keys(PROBLEMS) as ProblemSlug[];
  for (const [name, slugs] of Object.entries(PROBLEM_SCHEMA_SLUGS)) {
    const schema = doc.components?.schemas?.[name];
    const type = schema?.properties?.type;
    if (!type) throw new Error(`Problem schema "${name}" is not in the document`);
    type.enum = (slugs === "all" ? all : slugs).map((slug) => problemTypeUri(publicUrl, slug));
    type.format = "uri";
  }
}
