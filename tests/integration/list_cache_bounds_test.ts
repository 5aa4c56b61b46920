import assert from "node:assert/strict";
import { signUpUser } from "../support/accounts.ts";
import { createHarness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

const MAX_BYTES = 256 * 1024;

Deno.test("anonymous list pages cannot grow the memory tier without bound", async (t) => {
  const h = await createHarness({ cacheMaxBytes: MAX_BYTES });
  try {
    const creator = await signUpUser(h, { role: "creator" });
    await putSubscription(h, creator.id, { plan: "studio", status: "active" });
    const long = "A long synopsis sentence that pads the page. ".repeat(40);
    for (let i = 0; i < 25; i++) {
      await createPitch(h, creator.token, { synopsis: `${long} common ${i}` });
    }

    await t.step("400 distinct anonymous searches stay within the byte bound", async () => {
      for (let i = 0; i < 400; i++) {
        const response = await h.app.request(`/v1/pitches?q=common+${i}+synopsis&limit=25`);
        assert.equal(response.status, 200, await response.text());
      }
      const usage = h.deps.cache.memoryUsage();
      assert.ok(usage.bytes <= MAX_BYTES, `memory tier holds ${JSON.stringify(usage)}`);
    });

    await t.step("pages after the first are read from the database, not cached", async () => {
      const first = await h.app.request("/v1/pitches?limit=5");
      const { nextCursor } = await first.json() as { nextCursor: string | null };
      assert.ok(nextCursor, "the first page has a next page");
      const before = h.deps.cache.memoryUsage().entries;
      for (let i = 0; i < 3; i++) {
        const later = await h.app.request(`/v1/pitches?limit=5&cursor=${nextCursor}`);
        assert.equal(later.status, 200, await later.text());
      }
      assert.equal(h.deps.cache.memoryUsage().entries, before, "no entry was added");
    });
  } finally {
    await h.close();
  }
});
