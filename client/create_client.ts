import { ApiError } from "./api_error.ts";
import type {
  AnyProblem,
  CallArgs,
  CommonInit,
  Method,
  Operation,
  PathsWith,
  Success,
} from "./operation_types.ts";
import { type PagedPath, pagesOf } from "./pages.ts";

/**
 * How calls prove who the caller is:
 * - `{ bearer }`: `Authorization: Bearer <token>`, a session token (`ps_...`) or an API key
 *   (`pk_...`); a function is asked on every call, so a refreshed token is picked up.
 * - `"cookie"`: the session cookie the API set at sign-up or login, sent by the browser
 *   (`credentials: "include"`). The page's origin must be in the API's `CORS_ORIGINS`, and the
 *   cookie only flows when page and API are the same site (`localhost` and `127.0.0.1` are not).
 * - absent: anonymous.
 */
export type ClientAuth = { bearer: string | (() => string | undefined) } | "cookie";

export interface ClientOptions {
  /** Where the API is, e.g. `https://api.pitchey.example` (a path prefix is kept). */
  baseUrl: string;
  auth?: ClientAuth;
  /** Headers sent on every call (the per-call ones win). */
  headers?: Record<string, string>;
  /** A `fetch` to use instead of the global one (tests, SSR frameworks, instrumented fetches). */
  fetch?: typeof fetch;
}

type Call<M extends Method> = <P extends PathsWith<M>>(
  path: P,
  ...args: CallArgs<Operation<M, P>>
) => Promise<Success<Operation<M, P>>>;

/** A typed client: one function per HTTP method, taking the documented path templates. */
export interface Client {
  get: Call<"get">;
  post: Call<"post">;
  put: Call<"put">;
  patch: Call<"patch">;
  delete: Call<"delete">;
  /**
   * The pages of a cursor-paginated list, first to last: each is fetched when the loop asks for
   * it, with the previous page's `nextCursor` as `cursor`. Break out of the loop to stop early.
   */
  pages<P extends PagedPath>(
    path: P,
    ...args: CallArgs<Operation<"get", P>>
  ): AsyncGenerator<NonNullable<Success<Operation<"get", P>>["data"]>>;
  /** The same client with other credentials, e.g. the session token sign-up returned. */
  withAuth(auth: ClientAuth | undefined): Client;
}

/**
 * Builds a client over `fetch`. A call resolves with the documented success (2xx, or 304 for a
 * conditional GET) and throws `ApiError` for any other status; network failures and aborts reject
 * as `fetch` does.
 */
export function createClient(options: ClientOptions): Client {
  const send = (method: Method) => (path: string, init?: AnyInit) =>
    request(options, method, path, init ?? {});
  const client: Client = {
    get: send("get") as Client["get"],
    post: send("post") as Client["post"],
    put: send("put") as Client["put"],
    patch: send("patch") as Client["patch"],
    delete: send("delete") as Client["delete"],
    pages: ((path: string, init: AnyInit = {}) => {
      const page = (query: Record<string, unknown>) =>
        request(options, "get", path, { ...init, params: { ...init.params, query } });
      return pagesOf(page, init.params?.query);
    }) as Client["pages"],
    withAuth: (auth) => createClient({ ...options, auth }),
  };
  return client;
}

/** `CallInit` with the operation erased: what the untyped implementation reads. */
type AnyInit = CommonInit & {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  body?: unknown;
};

interface AnySuccess {
  status: number;
  data: unknown;
  headers: Headers;
  response: Response;
}

async function request(
  options: ClientOptions,
  method: Method,
  path: string,
  init: AnyInit,
): Promise<AnySuccess> {
  const headers = new Headers({ accept: "application/json, application/problem+json" });
  for (const [name, value] of Object.entries({ ...options.headers, ...init.headers })) {
    headers.set(name, value);
  }
  for (const [name, value] of Object.entries(init.params?.header ?? {})) {
    if (value !== undefined) headers.set(name, String(value));
  }
  if (init.idempotencyKey !== undefined) headers.set("idempotency-key", init.idempotencyKey);
  const token = bearerToken(options.auth);
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  let body: string | undefined;
  if (init.body !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.body);
  }
  const response = await (options.fetch ?? fetch)(
    requestUrl(options.baseUrl, path, init.params?.path, init.params?.query),
    {
      method: method.toUpperCase(),
      headers,
      body,
      signal: init.signal,
      credentials: options.auth === "cookie" ? "include" : undefined,
    },
  );
  if (!(response.ok || response.status === 304)) {
    throw new ApiError(response, await problemBody(response));
  }
  const data = isJson(response) ? await response.json() : undefined;
  return { status: response.status, data, headers: response.headers, response };
}

function bearerToken(auth: ClientAuth | undefined): string | undefined {
  if (auth === undefined || auth === "cookie") return undefined;
  return typeof auth.bearer === "function" ? auth.bearer() : auth.bearer;
}

/** `{id}` segments filled in (percent-encoded), and the defined query values appended. */
export function requestUrl(
  baseUrl: string,
  template: string,
  path: Record<string, unknown> = {},
  query: Record<string, unknown> = {},
): string {
  const filled = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (path[name] === undefined) throw new TypeError(`Missing path parameter "${name}"`);
    return encodeURIComponent(String(path[name]));
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) search.append(name, String(item));
    }
  }
  const text = search.toString();
  return `${baseUrl.replace(/\/+$/, "")}${filled}${text ? `?${text}` : ""}`;
}

function isJson(response: Response): boolean {
  if (response.status === 204 || response.status === 304) return false;
  return /^application\/([\w.-]+\+)?json\b/i.test(response.headers.get("content-type") ?? "");
}

async function problemBody(response: Response): Promise<AnyProblem | undefined> {
  const type = response.headers.get("content-type") ?? "";
  if (!/^application\/problem\+json\b/i.test(type)) {
    await response.body?.cancel();
    return undefined;
  }
  // A body that is not JSON after all is reported without a problem rather than as a SyntaxError.
  return await response.json().catch(() => undefined);
}
