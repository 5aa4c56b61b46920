import type { TrustProxy } from "../lib/settings.ts";

/** `TRUST_PROXY` (already checked against its pattern by the schema) as a `TrustProxy`. */
export function parseTrustProxy(value: string): TrustProxy {
  if (value === "cloudflare") return { kind: "cloudflare" };
  if (value.startsWith("xff:")) return { kind: "xff", hops: Number(value.slice(4)) };
  return { kind: "none" };
}
