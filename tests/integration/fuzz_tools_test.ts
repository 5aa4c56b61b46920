import assert from "node:assert/strict";
import { encodeLoose } from "../fuzz/fuzz_case.ts";
import { generateCase, kindsFor } from "../fuzz/generate_case.ts";
import { listOperations, type Operation } from "../fuzz/openapi_operations.ts";
import { deriveSeed, mulberry32, runSeed } from "../fuzz/prng.ts";
import { judgeResponse } from "../fuzz/judge_response.ts";
import { sendCase } from "../fuzz/send_case.ts";
import { expectJson } from "../support/assertions.ts";
import { createHarness } from "../support/harness.ts";
import { testRoutes } from "../support/test_routes.ts";

/** The fuzz suite's own parts: if these break, a green fuzz run proves nothing. */
Deno.test("fuzz tools", async (t) => {
  const h = await createHarness();
  h.app.route("/", testRoutes());
  try {
    const doc = await expectJson<Parameters<typeof listOperations>[0]>(
      await h.app.request("/openapi.json"),
      200,
    );
    const operations = listOperations(doc);
    const createPitch = operations.find((op) => op.key === "POST /v1/pitches")!;
    const values = { pathIds: {}, hints: {} };

    await t.step("mulberry32 repeats its sequence for a seed, and seeds differ", () => {
      const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed).next);
      assert.deepEqual(draw(42), draw(42));
      assert.notDeepEqual(draw(42), draw(43));
      assert.ok(draw(7).every((n) => n >= 0 && n < 1));
      assert.notEqual(deriveSeed(1, "GET /a", 0), deriveSeed(1, "GET /a", 1));
    });

    await t.step("FUZZ_SEED is read strictly", () => {
      assert.equal(runSeed("12345"), 12345);
      assert.throws(() => runSeed("twelve"), /FUZZ_SEED must be an integer/);
      assert.ok(Number.isInteger(runSeed("")));
    });

    await t.step("listOperations resolves every operation with its body schema", () => {
      assert.ok(operations.length >= 50, `${operations.length} operations`);
      assert.deepEqual(createPitch.body?.schema.required?.sort(), [
        "format",
        "genre",
        "logline",
        "title",
      ]);
      assert.ok(operations.some((op) => op.admin && op.path.startsWith("/v1/admin/")));
    });

    await t.step("a case is the same for the same seed, operation and index", () => {
      for (let index = 0; index < 30; index += 1) {
        const a = generateCase(createPitch, 99, index, values);
        const b = generateCase(createPitch, 99, index, values);
        assert.deepEqual(a, b, `case ${index}`);
      }
    });

    await t.step("the kinds take turns, so 40 cases send every kind", () => {
      const sent = new Set(
        Array.from({ length: 40 }, (_, index) => generateCase(createPitch, 5, index, values).kind),
      );
      assert.deepEqual(
        [...sent].sort(),
        [...new Set(kindsFor(createPitch).map((k) => k.name))].sort(),
      );
    });

    await t.step("encodeLoose writes a lone surrogate as invalid UTF-8", () => {
      assert.equal(encodeLoose("a\u0000\ud800"), "a%00%ED%A0%80");
      assert.equal(encodeLoose("é/"), "%C3%A9%2F");
    });

    await t.step("judgeResponse fails 5xx and non-problem errors, not declared 503s", () => {
      const op = {
        statuses: ["200", "503"],
        declaredStatuses: ["200", "503"],
        responseTypes: { "503": [] },
      } as unknown as Operation;
      const problem = (status: number) => JSON.stringify({ status });
      assert.match(judgeResponse(op, 500, "application/problem+json", problem(500))!, /500/);
      assert.match(judgeResponse(op, 502, "application/problem+json", problem(502))!, /502/);
      assert.equal(judgeResponse(op, 503, "application/problem+json", problem(503)), undefined);
      assert.match(judgeResponse(op, 404, "text/plain", "Not Found")!, /problem\+json/);
      assert.match(judgeResponse(op, 400, "application/problem+json", problem(422))!, /422/);
      assert.equal(judgeResponse(op, 422, "application/problem+json", problem(422)), undefined);
      assert.equal(judgeResponse(op, 200, "text/html", "<p>"), undefined);
      // The 503 every operation documents for a database outage: the fuzzer's never has one.
      const outageOnly = { ...op, declaredStatuses: ["200"] };
      assert.match(
        judgeResponse(outageOnly, 503, "application/problem+json", problem(503))!,
        /503/,
      );
    });

    await t.step("sendCase reports a 500 with the stack the app logged", async () => {
      const boom = { method: "GET", path: "/__test/boom", statuses: [], responseTypes: {} };
      const outcome = await sendCase(
        h,
        boom as unknown as Operation,
        { description: "boom", url: "/__test/boom", headers: {} },
        undefined,
      );
      assert.equal(outcome.status, 500, JSON.stringify(outcome));
      assert.match(outcome.reason ?? "", /server error 500/);
      assert.match(outcome.logged, /Unhandled error/, outcome.logged);
    });
  } finally {
    await h.close();
  }
});
