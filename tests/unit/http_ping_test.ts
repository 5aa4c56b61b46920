import assert from "node:assert/strict";
import { httpPing } from "../../src/lib/http_ping.ts";

Deno.test("httpPing", async (t) => {
  const seen: Array<string | null> = [];
  let status = 200;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (request) => {
    seen.push(request.headers.get("authorization"));
    return new Response("{}", { status });
  });
  const url = `http://127.0.0.1:${server.addr.port}/domains`;
  const options = { token: "re_secret_token", timeoutMs: 2_000, provider: "Resend" };
  try {
    await t.step("resolves on any answer below 500, sending the bearer token", async () => {
      for (status of [200, 401, 404]) await httpPing(url, options);
      assert.deepEqual(seen, Array(3).fill("Bearer re_secret_token"));
    });

    await t.step("rejects a 5xx naming the provider, never the token", async () => {
      status = 503;
      await assert.rejects(httpPing(url, options), (error: Error) => {
        assert.equal(error.message, "Resend answered 503");
        return true;
      });
    });
  } finally {
    await server.shutdown();
  }
  await t.step("rejects an unreachable provider without its address", async () => {
    await assert.rejects(httpPing("http://127.0.0.1:9/x", options), /^Error: Resend unreachable$/);
  });
});
