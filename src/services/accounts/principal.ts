import { cacheNamespace } from "../../ports/cache.ts";
import type { Principal } from "../../lib/principal.ts";

/**
 * Token digest -> principal (expiry is checked on every use, so a cached principal cannot outlive
 * its session). Revocable: every instance keeps principals in its memory tier, so an authenticated
 * request costs no Redis call, but serves a memory copy only while it has applied the invalidation
 * log within the last two seconds. A logout or revocation on one instance is therefore refused on
 * every other instance within about two seconds, and at once on its own (see the `revocable`
 * rule in the cache port). A "not found" is cached briefly, in the instance's bounded memory tier
 * only, so a flood of made-up tokens neither reaches the database nor fills Redis (each one also
 * costs the caller's address rate-limit budget); a real token's digest is never looked up before
 * the token exists, so it is never negatively cached by mistake.
 */
export const principalCache = cacheNamespace<Principal>({
  name: "principal",
  freshMs: 5 * 60_000,
  // Revocations remove entries explicitly, so serving a stale entry while it is refreshed is safe;
  // it is also what keeps signed-in users working for an hour when the database is down.
  staleMs: 60 * 60_000,
  negativeMs: 60_000,
  negativeInMemoryOnly: true,
  revocable: true,
});

export const SESSION_TTL_MS = 30 * 24 * 60 * 60_000;
/** Expiry slides forward at most this often per session, so reads do not write on every request. */
export const SESSION_TOUCH_INTERVAL_MS = 60 * 60_000;

/** Whether this use of `principal` slides its expiry (and records its use): the one rule for both. */
export function isTouchDue(principal: Principal, now: number): boolean {
  return now - principal.lastSeenAt >= SESSION_TOUCH_INTERVAL_MS;
}

export const SESSION_TOKEN_PREFIX = "ps_";
export const API_KEY_PREFIX = "pk_";
