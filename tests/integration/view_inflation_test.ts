import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { pitches } from "../../src/db/tables/pitches.ts";
import { fromIp, signUpUser } from "../support/accounts.ts";
import { createHarness, type Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import { putSubscription } from "../support/subscriptions.ts";

const DAY = 24 * 60 * 60_000;

/** Reads the pitch anonymously from `ip` with `agent`; fails with the body unless 200. */
async function readAs(h: Harness, id: string, ip: string, agent: string, token?: string) {
  const headers: Record<string, string> = { "user-agent": agent };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await h.app.request(`/v1/pitches/${id}`, { headers }, fromIp(ip));
  assert.equal(response.status, 200, await response.text());
}

/** The stored view count once buffered views are written. */
async function views(h: Harness, id: string): Promise<number> {
  await h.deps.views.flush();
  const [row] = await h.deps.db.select({ n: pitches.viewCount }).from(pitches)
    .where(eq(pitches.id, id));
  assert.ok(row, `pitch "${id}" exists`);
  return row.n;
}

Deno.test("GET /v1/pitches/{id} counts an anonymous viewer by address, not agent", async (t) => {
  const h = await createHarness();
  try {
    const owner = await signUpUser(h, { role: "creator" });
    await putSubscription(h, owner.id, { plan: "studio", status: "active" });
    const reader = await signUpUser(h, { role: "creator" });
    const pitch = await createPitch(h, owner.token);

    await t.step("30 reads with 30 user agents from one address count 1 view", async () => {
      for (let i = 0; i < 30; i++) {
        await readAs(h, pitch.id, "203.0.113.7", `Agent/${i} (${crypto.randomUUID()})`);
      }
      assert.equal(await views(h, pitch.id), 1);
    });

    await t.step("the same address as IPv4-mapped IPv6 is the same viewer", async () => {
      await readAs(h, pitch.id, "::ffff:203.0.113.7", "Agent/mapped");
      assert.equal(await views(h, pitch.id), 1);
    });

    await t.step("addresses of one IPv6 /64 are one viewer; another /64 is another", async () => {
      for (let i = 1; i <= 30; i++) {
        await readAs(h, pitch.id, `2001:db8:1:2:${i.toString(16)}::${i}`, `Agent/${i}`);
      }
      assert.equal(await views(h, pitch.id), 2, "one more viewer for the whole /64");
      await readAs(h, pitch.id, "2001:db8:1:3::1", "Agent/1");
      assert.equal(await views(h, pitch.id), 3, "the neighbouring /64 is a new viewer");
    });

    await t.step("a signed-in reader is counted by user, once, whatever the address", async () => {
      for (let i = 0; i < 5; i++) {
        await readAs(h, pitch.id, `198.51.100.${i + 1}`, `Agent/${i}`, reader.token);
      }
      await readAs(h, pitch.id, "203.0.113.7", "Agent/0", reader.token);
      assert.equal(await views(h, pitch.id), 4);
    });

    await t.step("the next UTC day the address counts again, once", async () => {
      h.clock.advance(DAY); // 24 hours on is always another UTC date.
      for (let i = 0; i < 10; i++) await readAs(h, pitch.id, "203.0.113.7", `Agent/${i}`);
      assert.equal(await views(h, pitch.id), 5);
    });
  } finally {
    await h.close();
  }
});
