import assert from "node:assert/strict";
import type { ApiServer } from "./api_server.ts";
import type { ScenarioResult } from "./scenario.ts";
import { inside, ofOps, tally } from "./tally.ts";

/** What a Redis outage may cost clients: nothing but speed. */
export function assertRedisOutage(result: ScenarioResult, server: ApiServer): void {
  const { report } = result;
  const all = tally(result.outcomes);
  assert.ok(server.running(), `the server process exited\n${report}`);
  assert.equal(all.unavailable + all.otherServerError, 0, `5xx answers\n${report}`);
  assert.equal(all.hangs + all.networkErrors, 0, `hangs or network errors\n${report}`);
  assert.ok(
    (server.log.counts.get("warn Cache tier failed") ?? 0) > 0,
    `the outage was never noticed (no cache tier failure logged)\n${report}`,
  );
  assertLedger(result);
}

/** What clients must have seen around a Postgres outage, and what must have survived it. */
export function assertPostgresOutage(result: ScenarioResult, server: ApiServer): void {
  const { report } = result;
  const all = tally(result.outcomes);
  assert.ok(server.running(), `the server process exited\n${report}`);
  assert.equal(all.otherServerError, 0, `5xx answers other than 503\n${report}`);
  assert.equal(all.unavailableWithoutRetryAfter, 0, `503 answers without Retry-After\n${report}`);
  assert.equal(all.hangs + all.networkErrors, 0, `hangs or network errors\n${report}`);
  const during = inside(result.outcomes, result.windows);
  const cached = tally(ofOps(during, ["read-pitch", "read-list", "read-entitlements"]));
  assert.ok(cached.total > 0, `no cached read fell inside the outage\n${report}`);
  assert.equal(cached.ok, cached.total, `cached reads failed during the outage\n${report}`);
  const writes = tally(ofOps(during, ["create", "publish", "edit"]));
  assert.ok(writes.total > 0, `no write fell inside the outage\n${report}`);
  assert.equal(
    writes.unavailable,
    writes.total,
    `writes not answered 503 in the outage\n${report}`,
  );
  const recoveredAt = Math.max(...result.windows.map((w) => w.toMs));
  const afterwards = ofOps(result.outcomes, ["create", "publish", "edit"])
    .filter((o) => o.startedMs > recoveredAt);
  assert.ok(
    tally(afterwards).ok > 0,
    `no write succeeded after Postgres came back\n${report}`,
  );
  assertLedger(result);
}

/** Every acknowledged write is in the database and every acknowledged publish is served. */
export function assertLedger(result: ScenarioResult): void {
  assert.ok(result.ledger.created.size > 0, `no write was acknowledged at all\n${result.report}`);
  assert.deepEqual(result.missing, [], `acknowledged writes lost\n${result.report}`);
  assert.deepEqual(result.unreadable, [], `acknowledged publishes not served\n${result.report}`);
}
