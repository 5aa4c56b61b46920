import type { Context } from "hono";

/**
 * The caller's address for per-IP limits: the socket's remote address that `Deno.serve` passes as
 * the handler's second argument (Hono exposes it as `c.env`). Deno Deploy terminates connections at
 * its edge and hands the real client address there. Forwarded headers are not trusted: any client
 * can write them.
 */
export function clientIp(c: Context): string {
  const env = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return env?.remoteAddr?.hostname ?? "unknown";
}
