import type { Ctx } from "../../context.ts";
import { isDatabaseUnavailable } from "../../ports/database_unavailable.ts";
import { currentListGeneration, pitchListCache, pitchListLastPage } from "./pitch_cache.ts";

/**
 * An anonymous first page through the shared cache, under the current list generation. Every
 * pitch change retires the generation, so under steady writes the current page has often never
 * been loaded when the database goes down; then the last page loaded for the same query (at most
 * a minute old) is served instead of a 503. A query never loaded before still fails.
 */
export async function sharedListPage<P>(
  { ctx, input }: {
    ctx: Pick<Ctx, "cache" | "background">;
    input: { canonicalQuery: string; load: () => Promise<P> };
  },
): Promise<P> {
  const { canonicalQuery, load } = input;
  const key = `${await currentListGeneration(ctx)}:${canonicalQuery}`;
  const loadAndKeep = async () => {
    const page = await load();
    // Written behind: the fallback must not cost the request a Redis round trip.
    ctx.background.waitUntil(ctx.cache.set(pitchListLastPage, canonicalQuery, page));
    return page;
  };
  try {
    // The namespaces are typed `unknown`; only this function writes pages into them.
    return await ctx.cache.swr(pitchListCache, key, loadAndKeep) as P;
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    const last = await ctx.cache.get(pitchListLastPage, canonicalQuery);
    if (last === undefined) throw error;
    return last as P;
  }
}
