import assert from "node:assert/strict";
import { expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { type FuzzFailure, fuzzOperation, type FuzzStats } from "./fuzz_operation.ts";
import { kindsFor } from "./generate_case.ts";
import { listOperations } from "./openapi_operations.ts";
import { runSeed } from "./prng.ts";

/**
 * Walks every operation in /openapi.json with hostile input from a seeded generator. Environment:
 * FUZZ_SEED (reproduce a run), FUZZ_CASES (cases per operation and caller, default 40),
 * FUZZ_ONLY (run only operations whose "METHOD /path" contains this text).
 */
const seed = runSeed();
const casesPerOperation = caseCount(Deno.env.get("FUZZ_CASES"));
const only = Deno.env.get("FUZZ_ONLY") ?? "";

Deno.test("fuzz: every operation in /openapi.json answers hostile input without a 5xx", async (t) => {
  console.log(`fuzz: seed ${seed} (reproduce with FUZZ_SEED=${seed} deno task test:fuzz)`);
  const h = await createHarness();
  try {
    const doc = await expectJson<Parameters<typeof listOperations>[0]>(
      await h.app.request("/openapi.json"),
      200,
    );
    const operations = listOperations(doc).filter((op) => op.key.includes(only));
    const stats: FuzzStats = { cases: 0, renewed: 0, statuses: {} };
    const failures: FuzzFailure[] = [];
    const covered = new Set<string>();

    await t.step("sends every applicable kind of hostile input to every operation", async () => {
      assert.ok(operations.length > 0, `no operation matches FUZZ_ONLY="${only}"`);
      const turns = Math.max(...operations.map((op) => kindsFor(op).length));
      assert.ok(
        casesPerOperation >= turns,
        `FUZZ_CASES=${casesPerOperation} is too few for every kind to take its ${turns} turns`,
      );
      for (const op of operations) {
        const before = stats.cases;
        await fuzzOperation(h, op, { seed, cases: casesPerOperation }, stats, failures);
        if (stats.cases > before) covered.add(op.key);
      }
      const missed = operations.filter((op) => !covered.has(op.key)).map((op) => op.key);
      assert.deepEqual(missed, [], `operations without a case (seed ${seed})`);
    });

    console.log(
      `fuzz: statuses ${JSON.stringify(stats.statuses)}; ${stats.renewed} sessions renewed`,
    );
    // The counts line CI prints in its summary (`.ci/run` greps for it).
    console.log(
      `fuzz: ${covered.size} operations, ${stats.cases} cases, seed ${seed}, ` +
        `${failures.length} failures`,
    );

    await t.step("no response is a 5xx, and every error is application/problem+json", () => {
      assert.equal(failures.length, 0, report(failures));
    });
  } finally {
    await h.close();
  }
});

function caseCount(value: string | undefined): number {
  if (value === undefined || value === "") return 40;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`FUZZ_CASES must be a positive integer, got "${value}"`);
  }
  return count;
}

function report(failures: FuzzFailure[]): string {
  const shown = failures.slice(0, 60).map((f) =>
    [
      `${f.op} as ${f.identity}, case ${f.index}: ${f.description}`,
      `    ${f.reason}; seed ${seed}; status ${f.status}`,
      `    request: ${f.url.length > 200 ? `${f.url.slice(0, 200)}...` : f.url}`,
      `    body: ${f.body.slice(0, 400)}`,
      f.logged ? `    logged: ${f.logged}` : "",
    ].filter(Boolean).join("\n")
  );
  const more = failures.length > shown.length
    ? `\n... and ${failures.length - shown.length} more`
    : "";
  return `${failures.length} fuzz failures with seed ${seed}; reproduce one operation with ` +
    `FUZZ_SEED=${seed} FUZZ_ONLY="<METHOD /path>" deno task test:fuzz\n\n${
      shown.join("\n\n")
    }${more}`;
}
