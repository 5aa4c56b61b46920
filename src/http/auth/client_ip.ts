import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { addressKey } from "../../lib/ip_address.ts";
import type { TrustProxy } from "../../lib/settings.ts";

const SOCKET_ONLY: TrustProxy = { kind: "none" };

/**
 * The key every per-address limit and anonymous view counts the caller under. Its source is the
 * operator's `TRUST_PROXY` (`settings.trustProxy`): the socket address by default, since any
 * client can write forwarded headers; behind a proxy, the header that proxy sets. IPv6 callers
 * are keyed by their /64 and IPv4-mapped addresses by the IPv4 address (`addressKey`).
 */
export function clientIp(c: Context): string {
  // The rate limiter and the route both ask; parsing the address once is enough.
  const known = c.get("clientAddress") as string | undefined;
  if (known !== undefined) return known;
  const deps = c.get("deps") as AppEnv["Variables"]["deps"] | undefined;
  const address = clientAddress(
    deps?.settings.trustProxy ?? SOCKET_ONLY,
    (name) => c.req.header(name),
    socketAddress(c.env),
  );
  c.set("clientAddress", address);
  return address;
}

/**
 * The address key from the trusted source. A header that is missing, malformed or shorter than
 * the configured hop count falls back to the socket address: the request then did not come
 * through the proxy the operator described, and its headers are the client's own words.
 */
export function clientAddress(
  trust: TrustProxy,
  header: (name: string) => string | undefined,
  socket: string | undefined,
): string {
  const fallback = (socket && addressKey(socket)) ?? socket ?? "unknown";
  switch (trust.kind) {
    case "none":
      return fallback;
    case "cloudflare": {
      const value = header("cf-connecting-ip");
      return (value && addressKey(value)) || fallback;
    }
    case "xff": {
      // Every proxy appends the address it saw, so only the rightmost `hops` entries were written
      // by proxies we trust; anything left of them the client may have sent itself.
      const entries = (header("x-forwarded-for") ?? "").split(",").map((s) => s.trim());
      const entry = entries.length >= trust.hops ? entries[entries.length - trust.hops] : "";
      return (entry && addressKey(entry)) || fallback;
    }
  }
}

/**
 * The socket's remote address from the server's per-request `env`: `Deno.serve` passes its
 * handler info (`remoteAddr`); the Node entry passes the same shape from `socket.remoteAddress`.
 */
function socketAddress(env: unknown): string | undefined {
  const remote = (env as { remoteAddr?: { hostname?: unknown } } | undefined)?.remoteAddr;
  return typeof remote?.hostname === "string" ? remote.hostname : undefined;
}
