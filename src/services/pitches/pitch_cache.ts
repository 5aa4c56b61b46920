import type { Ctx } from "../../context.ts";
import { cacheNamespace } from "../../ports/cache.ts";
import type { PitchView } from "./pitch_view.ts";

/**
 * Pitches anyone may read by id (published, public or unlisted), keyed by id. Drafts, private and
 * archived pitches are cached as "not found": their owners read them from the database, and
 * nothing that depends on who is asking is ever stored here.
 */
export const readablePitchCache = cacheNamespace<PitchView>({
  name: "pitch",
  freshMs: 60_000,
  staleMs: 10 * 60_000,
  negativeMs: 30_000,
});

/**
 * Any live pitch by id, in every state, for its owner's reads only (`getPitch` checks the owner
 * before answering, so nobody else ever sees a value from here). Not cached as "not found": a
 * created pitch must show at once.
 */
export const ownPitchCache = cacheNamespace<PitchView>({
  name: "own-pitch",
  freshMs: 60_000,
  staleMs: 10 * 60_000,
});

/**
 * Anonymous list and search pages, keyed by `<generation>:<canonical query>`. Any change to any
 * listed pitch starts a new generation, so old pages are never read again and simply expire.
 */
export const pitchListCache = cacheNamespace<unknown>({
  name: "pitch-list",
  freshMs: 15_000,
  staleMs: 60_000,
});

/**
 * The last page loaded for each anonymous list query, whatever its generation, keyed by the
 * canonical query. Read only when the database is unavailable (see `sharedListPage`), so a short
 * outage right after a write still serves lists; kept one minute, like a retired page's stale
 * window, so a pitch hidden just before an outage drops out of it soon.
 */
export const pitchListLastPage = cacheNamespace<unknown>({
  name: "pitch-list-last",
  freshMs: 60_000,
  staleMs: 0,
});

/** The current list generation: a random tag, replaced whenever listed pitches change. */
export const pitchListGeneration = cacheNamespace<string>({
  name: "pitch-list-gen",
  freshMs: 10 * 60_000,
  staleMs: 0,
});

/** The current list generation, created on first use (or after an invalidation). */
export async function currentListGeneration(ctx: Pick<Ctx, "cache">): Promise<string> {
  const generation = await ctx.cache.swr(
    pitchListGeneration,
    "all",
    () => Promise.resolve(crypto.randomUUID().slice(0, 8)),
  );
  return generation ?? "none";
}

/**
 * Call after a committed change to a pitch's counters (a save): drops its cached reads, so the
 * count shows on the next read; list pages may lag by their short freshness.
 */
export async function forgetPitchReads(ctx: Pick<Ctx, "cache">, pitchId: string): Promise<void> {
  await Promise.all([
    ctx.cache.remove(readablePitchCache, pitchId),
    ctx.cache.remove(ownPitchCache, pitchId),
  ]);
}

/**
 * Call after any committed change to a pitch: drops its cached reads (shared and the owner's) and
 * retires every cached list page. Reads that follow, on this instance at once and on others as soon as the invalidation
 * reaches them, see the change.
 */
export async function invalidatePitch(ctx: Pick<Ctx, "cache">, pitchId: string): Promise<void> {
  await Promise.all([
    ctx.cache.remove(readablePitchCache, pitchId),
    ctx.cache.remove(ownPitchCache, pitchId),
    ctx.cache.remove(pitchListGeneration, "all"),
  ]);
}
