import type { Context } from "hono";
import { networkAddress } from "../../lib/network_address.ts";

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

/**
 * The caller's network, as per-address budgets and view counting key it: the IPv4 address, or
 * the /64 of an IPv6 one (see `networkAddress`), so rotating addresses inside one's own /64
 * does not make a new caller.
 */
export function clientAddress(c: Context): string {
  return networkAddress(clientIp(c));
}
