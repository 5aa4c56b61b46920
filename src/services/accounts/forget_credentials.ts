import type { Ctx } from "../../context.ts";
import { principalCache } from "./principal.ts";

/** A load on another instance that read the row before the revocation committed ends within this. */
const SECOND_PASS_MS = 1_000;

/**
 * Drops revoked credentials (by token digest) from every cache tier, after the revocation has been
 * committed. A second pass a moment later removes an entry that a concurrent load on another
 * instance may have written back from a read taken just before the commit.
 */
export async function forgetCredentials(
  { ctx, input }: { ctx: Pick<Ctx, "cache" | "background">; input: { digests: string[] } },
): Promise<void> {
  if (input.digests.length === 0) return;
  await ctx.cache.remove(principalCache, ...input.digests);
  ctx.background.waitUntil(
    new Promise((resolve) => setTimeout(resolve, SECOND_PASS_MS))
      .then(() => ctx.cache.remove(principalCache, ...input.digests)),
  );
}
