import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../../context.ts";
import { problemResponse } from "../problem.ts";

/**
 * Caps request bodies (declared or streamed) so one client cannot make an isolate buffer megabytes;
 * over the cap -> 413 problem. Hono's `bodyLimit` checks `Content-Length` first and counts streamed
 * bytes otherwise.
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      problemResponse(c as Parameters<typeof problemResponse>[0], {
        slug: "payload-too-large",
        detail: `Request body exceeds ${maxBytes} bytes`,
      }),
  }) as MiddlewareHandler<AppEnv>;
}
