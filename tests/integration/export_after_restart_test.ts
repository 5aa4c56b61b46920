import assert from "node:assert/strict";
import { SWEEP_PENDING_FOR_MS } from "../../src/services/jobs/sweep_outbox.ts";
import { bearer, jsonRequest, signUpUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { controllableQueue } from "../support/queues.ts";
import { openPgliteAt } from "../support/test_database.ts";

/**
 * The embedded default end to end: an export requested while the queue refuses work is kept in
 * the outbox, survives a restart on the same data directory, and is built once the restarted
 * server's own scheduler sweeps the outbox. No test-only call publishes it.
 */
Deno.test("an export queued while the queue is down completes after a restart", async (t) => {
  const dataDir = await Deno.makeTempDir({ prefix: "pitchey_export_restart_" });
  const open = () => openPgliteAt(dataDir);
  try {
    const down = controllableQueue();
    down.state.mode = "fail";
    const first = await createHarness({ database: await open(), queue: down.wrap });
    let token = "";
    let exportId = "";
    try {
      const user = await signUpUser(first);
      token = user.token;
      const created = await expectJson<{ id: string; status: string }>(
        await first.app.request(
          "/v1/me/exports",
          jsonRequest("POST", { kind: "pitch-performance" }, token),
        ),
        202,
      );
      exportId = created.id;
      await first.deps.background.drain();
      await t.step("the request is accepted while the queue refuses", async () => {
        const view = await expectJson<{ status: string }>(
          await first.app.request(`/v1/me/exports/${exportId}`, bearer(token)),
          200,
        );
        assert.equal(view.status, "queued");
      });
    } finally {
      await first.close();
    }

    const second = await createHarness({ database: await open(), scheduler: true });
    try {
      await t.step("after the restart the scheduler's outbox sweep builds it", async () => {
        second.clock.advance(SWEEP_PENDING_FOR_MS + 1_000);
        await second.deps.scheduler!.tick();
        await second.deps.background.drain();
        const view = await expectJson<{ status: string; downloadUrl: string | null }>(
          await second.app.request(`/v1/me/exports/${exportId}`, bearer(token)),
          200,
        );
        assert.equal(view.status, "ready", JSON.stringify(view));
        assert.ok(view.downloadUrl, JSON.stringify(view));
      });
    } finally {
      await second.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
