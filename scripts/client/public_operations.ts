import type { OpenApiDocument } from "./openapi_document.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * The document without operations marked `x-internal: true` (job deliveries, webhooks, dev
 * stand-ins): a front end never calls them, so the client has no functions for them. A path left
 * with no operation goes too. The input is not changed.
 */
export function withoutInternalOperations(doc: OpenApiDocument): OpenApiDocument {
  const paths: NonNullable<OpenApiDocument["paths"]> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (isInternal(item)) continue;
    const kept = Object.fromEntries(
      Object.entries(item).filter(([key, operation]) =>
        !METHODS.includes(key) || !isInternal(operation)
      ),
    );
    if (METHODS.some((method) => method in kept)) paths[path] = kept;
  }
  return { ...doc, paths };
}

function isInternal(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    (value as Record<string, unknown>)["x-internal"] === true;
}
