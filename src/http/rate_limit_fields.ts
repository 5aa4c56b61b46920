import type { RateLimitPolicy, RateLimitState } from "../ports/rate_limiter.ts";

/**
 * The `RateLimit-Policy` and `RateLimit` response fields of draft-ietf-httpapi-ratelimit-headers-11
 * (May 2026, "RateLimit header fields for HTTP"): each is a Structured Fields List (RFC 9651) of
 * Items whose value is the policy name as an sf-string.
 *
 *   RateLimit-Policy: "api-ip";q=300;w=60, "auth-ip";q=20;w=60
 *   RateLimit: "api-ip";r=299;t=42, "auth-ip";r=19;t=42
 *
 * `q` (quota, requests) and `w` (window, seconds) describe the policy; `r` is the quota still
 * available and `t` the effective window in seconds. No `pk` (partition key): ours are user ids and
 * client addresses, which the draft advises against echoing.
 */
export interface RateLimitOutcome {
  policy: RateLimitPolicy;
  state: RateLimitState;
}

/** `RateLimit-Policy`: stable per caller, so clients can pace themselves before they are refused. */
export function formatRateLimitPolicy(outcomes: readonly RateLimitOutcome[]): string {
  if (outcomes.length === 1) return policyItem(outcomes[0]!.policy);
  return outcomes.map(({ policy }) => policyItem(policy)).join(", ");
}

// Policies are shared objects (see `policies.ts`): each one's item is written once.
const policyItems = new WeakMap<RateLimitPolicy, string>();

function policyItem(policy: RateLimitPolicy): string {
  let item = policyItems.get(policy);
  if (item === undefined) {
    item = `${sfString(policy.name)};q=${policy.limit};w=${Math.ceil(policy.windowMs / 1000)}`;
    policyItems.set(policy, item);
  }
  return item;
}

/**
 * `RateLimit`: `t` is the time to the end of the limiter's current fixed window (its `resetAt`)
 * while allowed, capped at the policy's window, and the retry delay once refused, because the
 * draft wants `Retry-After` not to point before the end of the effective window. A sliding window
 * frees units gradually inside that time, which the draft allows ("to implement sliding window
 * policies"): `r` never overstates what is available now.
 */
export function formatRateLimit(outcomes: readonly RateLimitOutcome[], now: number): string {
  if (outcomes.length === 1) return rateLimitItem(outcomes[0]!, now);
  return outcomes.map((outcome) => rateLimitItem(outcome, now)).join(", ");
}

function rateLimitItem({ policy, state }: RateLimitOutcome, now: number): string {
  const windowSeconds = Math.ceil(policy.windowMs / 1000);
  const t = state.allowed
    ? Math.min(windowSeconds, Math.max(0, Math.ceil((state.resetAt - now) / 1000)))
    : state.retryAfterSeconds;
  const r = state.allowed ? state.remaining : 0;
  return `${nameString(policy)};r=${r};t=${t}`;
}

const nameStrings = new WeakMap<RateLimitPolicy, string>();

function nameString(policy: RateLimitPolicy): string {
  let name = nameStrings.get(policy);
  if (name === undefined) {
    name = sfString(policy.name);
    nameStrings.set(policy, name);
  }
  return name;
}

/** An sf-string (RFC 9651 section 4.1.6): printable ASCII, with `"` and `\` escaped. */
function sfString(value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value)) {
    throw new RangeError(`Cannot write policy name "${value}" as a structured field string`);
  }
  return `"${value.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}
