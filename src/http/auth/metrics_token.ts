import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";
import { sha256Hex } from "../../lib/secure_tokens.ts";

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * How a request stands with `METRICS_TOKEN`: `unconfigured` when the variable is unset, `absent`
 * without a bearer token, `valid` or `invalid` otherwise. Only digests are compared, so a caller
 * cannot aim at a prefix of the token.
 */
export function metricsTokenStatus(
  c: Context<AppEnv>,
): "unconfigured" | "absent" | "valid" | "invalid" {
  const digest = c.get("deps").settings.metricsTokenDigest;
  if (digest === undefined) return "unconfigured";
  const token = BEARER.exec(c.req.header("authorization") ?? "")?.[1];
  if (token === undefined) return "absent";
  return sha256Hex(token) === digest ? "valid" : "invalid";
}
