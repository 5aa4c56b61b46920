import assert from "node:assert/strict";
import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../../src/context.ts";
import { requestBodyRules } from "../../src/http/middleware/request_body_rules.ts";

/** An app with `rules` in one layer, recording which rule ran, and a route that answers 200. */
function appWith(rules: Array<MiddlewareHandler<AppEnv>>, ran: string[]) {
  const app = new Hono<AppEnv>();
  app.use("*", requestBodyRules(rules));
  app.all("/thing", (c) => {
    ran.push("route");
    return c.json({ ok: true });
  });
  return app;
}

const passing = (name: string, ran: string[]): MiddlewareHandler<AppEnv> => async (_c, next) => {
  ran.push(name);
  await next();
};

Deno.test("requestBodyRules runs its rules only for a request with a body", async (t) => {
  await t.step("a request without a body goes straight to the route", async () => {
    const ran: string[] = [];
    const app = appWith([passing("size", ran), passing("json", ran)], ran);
    const response = await app.request("/thing");
    assert.equal(response.status, 200);
    assert.deepEqual(ran, ["route"]);
  });

  await t.step("a request with a body passes every rule in order, then the route", async () => {
    const ran: string[] = [];
    const app = appWith([passing("size", ran), passing("json", ran)], ran);
    const response = await app.request("/thing", { method: "POST", body: "{}" });
    assert.equal(response.status, 200);
    assert.deepEqual(ran, ["size", "json", "route"]);
  });

  await t.step("a rule that answers ends the request with its answer", async () => {
    const ran: string[] = [];
    const refusing: MiddlewareHandler<AppEnv> = (c) => {
      ran.push("json refuses");
      return Promise.resolve(c.json({ refused: true }, 415));
    };
    const app = appWith([passing("size", ran), refusing], ran);
    const response = await app.request("/thing", { method: "POST", body: "x" });
    assert.equal(response.status, 415);
    assert.deepEqual(await response.json(), { refused: true });
    assert.deepEqual(ran, ["size", "json refuses"]);
  });

  await t.step("an error thrown by the route reaches the app's error handler", async () => {
    const app = new Hono<AppEnv>();
    app.use("*", requestBodyRules([passing("size", [])]));
    app.post("/thing", () => {
      throw new Error("boom");
    });
    app.onError((_error, c) => c.json({ handled: true }, 500));
    const response = await app.request("/thing", { method: "POST", body: "{}" });
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { handled: true });
  });
});
