import assert from "node:assert/strict";
import { Redis as TcpRedis } from "ioredis";
import {
  createUpstashInvalidationChannel,
  INVALIDATION_TTL_MS,
  type UpstashInvalidationChannelOptions,
} from "../../src/adapters/cache/upstash_invalidation_channel.ts";
import { startUpstashRestFake, type UpstashRestFake } from "../support/fakes/upstash_rest_fake.ts";

// The real @upstash/redis client, through the REST fake, against the real Redis named by
// TEST_REDIS_URL. Without it every test here is registered as ignored.
const redisUrl = Deno.env.get("TEST_REDIS_URL") ?? "";
const ignore = redisUrl === "";
const token = `token-${crypto.randomUUID()}`;
const runPrefix = `test:invalidation:${crypto.randomUUID()}:`;

interface Fixture {
  fake: UpstashRestFake;
  tcp: TcpRedis;
  /** A channel for `instanceId` on a prefix of its own, so steps do not see each other's log. */
  channel(
    instanceId: string,
    options?: Partial<UpstashInvalidationChannelOptions>,
  ): ReturnType<typeof createUpstashInvalidationChannel>;
  /** The prefix the channels of the current step share. */
  prefix: string;
  /** Moves later channels to a fresh prefix. */
  nextPrefix(): void;
}

/** Starts a fake and a direct TCP connection, runs `fn`, then deletes this run's keys. */
async function withFixture(fn: (fixture: Fixture) => Promise<void>): Promise<void> {
  const fake = await startUpstashRestFake({ redisUrl, token });
  const tcp = new TcpRedis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
  let steps = 0;
  const fixture: Fixture = {
    fake,
    tcp,
    prefix: `${runPrefix}0:`,
    nextPrefix() {
      fixture.prefix = `${runPrefix}${++steps}:`;
    },
    channel: (instanceId, options = {}) =>
      createUpstashInvalidationChannel({
        url: fake.url,
        token,
        timeoutMs: 2_000,
        prefix: fixture.prefix,
        instanceId,
        ...options,
      }),
  };
  try {
    await tcp.connect();
    await fn(fixture);
  } finally {
    const keys = await tcp.keys(`${runPrefix}*`);
    if (keys.length > 0) await tcp.del(...keys);
    await tcp.quit();
    await fake.close();
  }
}

Deno.test({
  name: "UpstashInvalidationChannel carries keys between instances through Redis",
  ignore,
  fn: (t) =>
    withFixture(async (f) => {
      await t.step("poll from undefined returns the current cursor and no keys", async () => {
        f.nextPrefix();
        const [a, b] = [f.channel("a"), f.channel("b")];
        assert.deepEqual(await b.poll(undefined), { cursor: 0, keys: [] }, "nothing published");
        await a.publish(["pitch:p0"]);
        assert.deepEqual(await b.poll(undefined), { cursor: 1, keys: [] }, "starts from now");
      });

      await t.step(
        "poll returns other instances' keys since the cursor, own ones skipped",
        async () => {
          f.nextPrefix();
          const [a, b] = [f.channel("a"), f.channel("b")];
          const { cursor } = await b.poll(undefined);
          await a.publish(["pitch:p1", "pitch:p2"]);
          await b.publish(["pitch:mine"]);
          await a.publish(["pitch:p1"]);
          assert.deepEqual(await b.poll(cursor), {
            cursor: cursor + 3,
            keys: ["pitch:p1", "pitch:p2"],
          });
          assert.deepEqual(await a.poll(cursor), { cursor: cursor + 3, keys: ["pitch:mine"] });
          assert.deepEqual(
            await b.poll(cursor + 3),
            { cursor: cursor + 3, keys: [] },
            "nothing new",
          );
          assert.deepEqual(await b.poll(cursor + 2), { cursor: cursor + 3, keys: ["pitch:p1"] });
        },
      );

      await t.step("keys with quotes, backslashes and unicode arrive unchanged", async () => {
        f.nextPrefix();
        const [a, b] = [f.channel("a"), f.channel('b "quoted"')];
        const keys = ['pitch:"quoted"', "pitch:back\\slash", "pitch:Über 東京 🚀", "pitch:a,b]}"];
        await a.publish(keys);
        assert.deepEqual(await b.poll(0), { cursor: 1, keys });
      });

      await t.step("publish is one request; a poll with nothing new is one request", async () => {
        f.nextPrefix();
        const [a, b] = [f.channel("a"), f.channel("b")];
        let before = f.fake.requests;
        await a.publish(["pitch:p1", "pitch:p2"]);
        assert.equal(f.fake.requests - before, 1, "publish");
        const { cursor } = await b.poll(undefined);
        before = f.fake.requests;
        await b.poll(cursor);
        assert.equal(f.fake.requests - before, 1, "poll with nothing new");
        await a.publish(["pitch:p3"]);
        before = f.fake.requests;
        await b.poll(cursor);
        assert.equal(f.fake.requests - before, 2, "poll with something new reads the tail too");
        before = f.fake.requests;
        await a.publish([]);
        assert.equal(f.fake.requests, before, "publishing no keys sends nothing");
      });

      await t.step(
        "publish stores { seq, from, keys } entries with a TTL on both keys",
        async () => {
          f.nextPrefix();
          await f.channel("a").publish(["pitch:p1"]);
          for (const key of [`${f.prefix}inv:seq`, `${f.prefix}inv:log`]) {
            const pttl = await f.tcp.pttl(key);
            assert.ok(pttl > 0 && pttl <= INVALIDATION_TTL_MS, `PTTL of ${key} was ${pttl}`);
          }
          const entries = await f.tcp.lrange(`${f.prefix}inv:log`, 0, -1);
          assert.deepEqual(entries.map((entry) => JSON.parse(entry)), [
            { seq: 1, from: "a", keys: ["pitch:p1"] },
          ]);
        },
      );
    }),
});

Deno.test({
  name: "UpstashInvalidationChannel resets a poller that cannot be replayed",
  ignore,
  fn: (t) =>
    withFixture(async (f) => {
      await t.step("the log keeps maxLog entries; further behind is a reset", async () => {
        f.nextPrefix();
        const [a, b] = [f.channel("a", { maxLog: 3 }), f.channel("b", { maxLog: 3 })];
        const { cursor } = await b.poll(undefined);
        for (const n of [1, 2, 3, 4]) await a.publish([`pitch:p${n}`]);
        assert.equal(await f.tcp.llen(`${f.prefix}inv:log`), 3, "log trimmed to maxLog");
        assert.deepEqual(await b.poll(cursor + 1), {
          cursor: cursor + 4,
          keys: ["pitch:p2", "pitch:p3", "pitch:p4"],
        }, "exactly maxLog behind is still replayed");
        assert.deepEqual(await b.poll(cursor), { cursor: cursor + 4, reset: true });
        assert.deepEqual(
          await b.poll(cursor + 4),
          { cursor: cursor + 4, keys: [] },
          "back in step",
        );
      });

      await t.step("a log trimmed shorter than the poller's maxLog is a reset", async () => {
        f.nextPrefix();
        const a = f.channel("a", { maxLog: 2 });
        const b = f.channel("b", { maxLog: 100 });
        const { cursor } = await b.poll(undefined);
        for (const n of [1, 2, 3]) await a.publish([`pitch:p${n}`]);
        assert.deepEqual(await b.poll(cursor), { cursor: cursor + 3, reset: true });
      });

      await t.step("a counter that expired and restarted is a reset", async () => {
        f.nextPrefix();
        const [a, b] = [f.channel("a"), f.channel("b")];
        for (const n of [1, 2, 3]) await a.publish([`pitch:p${n}`]);
        const { cursor } = await b.poll(undefined);
        await f.tcp.del(`${f.prefix}inv:seq`, `${f.prefix}inv:log`);
        assert.deepEqual(await b.poll(cursor), { cursor: 0, reset: true }, "counter gone");
        await a.publish(["pitch:p4"]);
        assert.deepEqual(await b.poll(0), { cursor: 1, keys: ["pitch:p4"] }, "continues after it");
      });

      await t.step("a lost log with the counter intact is a reset", async () => {
        f.nextPrefix();
        const [a, b] = [f.channel("a"), f.channel("b")];
        const { cursor } = await b.poll(undefined);
        await a.publish(["pitch:p1"]);
        await f.tcp.del(`${f.prefix}inv:log`);
        assert.deepEqual(await b.poll(cursor), { cursor: cursor + 1, reset: true });
      });

      await t.step("an entry that is not readable is a reset, not a stuck cursor", async () => {
        f.nextPrefix();
        const [a, b] = [f.channel("a"), f.channel("b")];
        const { cursor } = await b.poll(undefined);
        await a.publish(["pitch:p1"]);
        await f.tcp.lset(`${f.prefix}inv:log`, -1, "not json");
        assert.deepEqual(await b.poll(cursor), { cursor: cursor + 1, reset: true });
      });
    }),
});

Deno.test({
  name: "UpstashInvalidationChannel throws when the REST API cannot answer",
  ignore,
  fn: (t) =>
    withFixture(async (f) => {
      await t.step("poll and publish time out when the server hangs", async () => {
        f.nextPrefix();
        const channel = f.channel("a", { timeoutMs: 200 });
        f.fake.setMode("hang");
        try {
          await assert.rejects(
            channel.poll(0),
            /^Error: Cannot read the cache invalidation sequence from Redis: timed out after 200 ms/,
          );
          await assert.rejects(
            channel.publish(["pitch:p1"]),
            /^Error: Cannot publish 1 cache invalidations to Redis: timed out after 200 ms/,
          );
        } finally {
          f.fake.setMode("normal");
        }
      });

      await t.step("poll throws, without the token, when the server answers 500", async () => {
        const channel = f.channel("a");
        f.fake.setMode("down");
        try {
          await assert.rejects(channel.poll(undefined), (error: Error) => {
            assert.match(error.message, /^Cannot read .* from Redis: Service unavailable/);
            assert.ok(!error.message.includes(token), error.message);
            return true;
          });
        } finally {
          f.fake.setMode("normal");
        }
      });

      await t.step("the channel works again once the server recovers", async () => {
        f.nextPrefix();
        const channel = f.channel("a");
        await channel.publish(["pitch:p1"]);
        assert.deepEqual(await f.channel("b").poll(0), { cursor: 1, keys: ["pitch:p1"] });
      });
    }),
});

Deno.test({
  name: "UpstashInvalidationChannel tests leave no keys behind",
  ignore,
  async fn() {
    const tcp = new TcpRedis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
    await tcp.connect();
    try {
      assert.deepEqual(await tcp.keys(`${runPrefix}*`), []);
    } finally {
      await tcp.quit();
    }
  },
});
