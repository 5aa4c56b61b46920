import type { paths } from "./schema.d.ts";

/**
 * Type-level views of the generated `paths`: which operations exist, what a call must send, what
 * it gets back. Nothing here exists at run time.
 */

export type Method = "get" | "put" | "post" | "delete" | "patch";

/** Paths that have an operation for `M` (absent methods are generated as `put?: never`). */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, object> ? P : never;
}[keyof paths];

/** The operation at `M P`. */
export type Operation<M extends Method, P extends PathsWith<M>> = paths[P][M];

/** Statuses a call returns instead of throwing: 2xx, and 304 for a conditional GET. */
export type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 205 | 206 | 207 | 208 | 226 | 304;

type Responses<Op> = Op extends { responses: infer R } ? R : never;
type JsonBody<R> = R extends { content: { "application/json": infer B } } ? B : undefined;
type ProblemBody<R> = R extends { content: { "application/problem+json": infer B } } ? B
  : never;

/**
 * What a successful call resolves to, one member per documented success status, so checking
 * `status` narrows `data`. `data` is the parsed JSON body, `undefined` for an empty or non-JSON
 * body (then `response.body` is still unread, e.g. a file download).
 */
export type Success<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? {
      status: S;
      data: JsonBody<Responses<Op>[S]>;
      headers: Headers;
      response: Response;
    }
    : never;
}[keyof Responses<Op>];

/** The problem bodies an operation documents for its error statuses. */
export type ProblemOf<Op> = {
  [S in keyof Responses<Op>]: S extends SuccessStatus ? never : ProblemBody<Responses<Op>[S]>;
}[keyof Responses<Op>];

type AnyOperation = {
  [P in keyof paths]: { [M in Method]: paths[P] extends Record<M, infer Op> ? Op : never }[Method];
}[keyof paths];

/** Every problem body the document describes, whichever operation returned it. */
export type AnyProblem = AnyOperation extends infer Op ? Op extends unknown ? ProblemOf<Op> : never
  : never;

type Present<T> = [NonNullable<T>] extends [never] ? false : true;
// Required when the generated key is required and some member of it is; `{}` accepts none.
// deno-lint-ignore ban-types
type AllOptional<T> = {} extends NonNullable<T> ? true : false;
type Param<Op, In extends string> = Op extends { parameters: { [K in In]?: infer X } } ? X
  : never;
type Part<Key extends string, T> = Present<T> extends false ? { [K in Key]?: never }
  : AllOptional<T> extends true ? { [K in Key]?: NonNullable<T> }
  : { [K in Key]: NonNullable<T> };

/** Path, query and header parameters, each required when the document requires one of its own. */
export type Params<Op> =
  & Part<"path", Param<Op, "path">>
  & Part<"query", Param<Op, "query">>
  & Part<"header", Param<Op, "header">>;

type RequestBody<Op> = Op extends { requestBody?: infer B } ? B : never;
// `never` (no body) would match any pattern below and infer `unknown`: ruled out first.
type JsonRequestBody<Op> = [NonNullable<RequestBody<Op>>] extends [never] ? never
  : NonNullable<RequestBody<Op>> extends { content: { "application/json": infer B } } ? B
  : never;

type BodyPart<Op> = [JsonRequestBody<Op>] extends [never] ? { body?: never }
  : undefined extends RequestBody<Op> ? { body?: JsonRequestBody<Op> }
  : { body: JsonRequestBody<Op> };

/** What every call may add, whatever the operation. */
export interface CommonInit {
  /**
   * `Idempotency-Key` for a write that honours it: a retry with the same key and body gets the
   * first answer again instead of acting twice. Use one new key per user intent (e.g. per form
   * submission, `crypto.randomUUID()`) and reuse it only to retry that same request.
   */
  idempotencyKey?: string;
  /** Extra request headers; the client's own (`Authorization`, `Content-Type`) win. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type ParamsPart<Op> = AllOptional<Params<Op>> extends true ? { params?: Params<Op> }
  : { params: Params<Op> };

/** The second argument of a call to `Op`. */
export type CallInit<Op> = ParamsPart<Op> & BodyPart<Op> & CommonInit;

/** `[init]` when `init` has a required member, else `[init?]`, so simple calls stay short. */
export type CallArgs<Op> = AllOptional<CallInit<Op>> extends true ? [init?: CallInit<Op>]
  : [init: CallInit<Op>];
