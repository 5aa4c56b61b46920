import { type Operation, type Schema, schemaTypes } from "./openapi_operations.ts";
import type { Rng } from "./prng.ts";
import { type Hints, validValue } from "./schema_values.ts";

/** One request the fuzzer sends, before the caller's credentials are added. */
export interface FuzzCase {
  /** What is hostile about it, for the failure report. */
  description: string;
  /** Path and query, URL-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a case builder needs: the operation, its random stream and valid values to start from. */
export interface CaseContext {
  op: Operation;
  rng: Rng;
  /** A real id for each path parameter, so a hostile body or query reaches the service. */
  pathIds: Record<string, string>;
  hints: Hints;
}

/** A kind of hostility: which operations it applies to, and how it breaks a valid request. */
export type CaseKind = {
  name: string;
  /** Turns this kind takes in the rotation (default 1): the kinds that reach services get more. */
  weight?: number;
  applies(op: Operation): boolean;
  build(ctx: CaseContext, base: ValidRequest): FuzzCase;
};

/** A request that passes validation, which a case kind then breaks in one place. */
export interface ValidRequest {
  path: string;
  query: Array<[string, string]>;
  /** The JSON body as an object, when the operation takes one. */
  body?: Record<string, unknown>;
}

/** A valid request for `op`: real path ids, valid (encoded) query values and body. */
export function validRequest(ctx: CaseContext): ValidRequest {
  const { op, rng, hints } = ctx;
  let path = op.path;
  const query: Array<[string, string]> = [];
  for (const param of op.params) {
    if (param.in === "path") {
      path = path.replace(`{${param.name}}`, encodeURIComponent(ctx.pathIds[param.name] ?? "x"));
    } else if (param.in === "query" && (param.required || rng.chance(0.25))) {
      const value = validValue(param.schema, rng, hints, param.name);
      if (value !== undefined) query.push([param.name, encodeLoose(String(value))]);
    }
  }
  const body = op.body
    ? validValue(op.body.schema, rng, hints) as Record<string, unknown>
    : undefined;
  return { path, query, body };
}

/** Joins a path and already-encoded query pairs. */
export function withQuery(path: string, query: Array<[string, string]>): string {
  if (query.length === 0) return path;
  return `${path}?${query.map(([key, value]) => `${key}=${value}`).join("&")}`;
}

/** Encodes pairs of raw strings as a query (lone surrogates become invalid UTF-8 escapes). */
export function encodeQuery(query: Array<[string, string]>): Array<[string, string]> {
  return query.map(([key, value]) => [encodeLoose(key), encodeLoose(value)]);
}

/**
 * `encodeURIComponent`, except that a lone surrogate (which it refuses) is written as the three
 * bytes a careless UTF-8 encoder would produce: an invalid escape the server must survive.
 */
export function encodeLoose(value: string): string {
  let out = "";
  for (const char of value) {
    try {
      out += encodeURIComponent(char);
    } catch {
      const unit = char.charCodeAt(0);
      const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    }
  }
  return out;
}

/** The JSON body's top-level fields and their schemas. */
export function bodyFields(op: Operation): Array<[string, Schema]> {
  return Object.entries(op.body?.schema.properties ?? {});
}

/** A JSON request with the given body text. */
export function jsonCase(
  description: string,
  base: ValidRequest,
  body: string | undefined,
  contentType = "application/json",
): FuzzCase {
  return {
    description,
    url: withQuery(base.path, base.query),
    headers: contentType ? { "content-type": contentType } : {},
    body,
  };
}

/** Whether the operation takes a JSON body with named fields. */
export const hasBodyFields = (op: CaseContext["op"]) => bodyFields(op).length > 0;
const RAW = "@@fuzz-raw@@";

/** A valid body with one field's value replaced by raw JSON text (which may be invalid JSON). */
export function withRawField(base: ValidRequest, field: string, raw: string): string {
  return JSON.stringify({ ...base.body, [field]: RAW }).replace(`"${RAW}"`, () => raw);
}

/** A random body field, among those `prefer` accepts when there are any. */
export function pickField(
  ctx: CaseContext,
  prefer?: (schema: Schema) => boolean,
): [string, Schema] {
  const fields = bodyFields(ctx.op);
  const preferred = prefer ? fields.filter(([, schema]) => prefer(schema)) : [];
  return ctx.rng.pick(preferred.length > 0 ? preferred : fields);
}

/** A free-text schema (a string that is not an enum). */
export const isText = (s: Schema) => !s.enum && schemaTypes(s).includes("string");
/** A list of free text (tags). */
export const isTextList = (s: Schema) => schemaTypes(s).includes("array") && isText(s.items ?? {});
