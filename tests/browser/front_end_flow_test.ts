import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { randomUser } from "../support/accounts.ts";
import { chromiumMissing, launchChromium } from "../support/chromium.ts";
import { randomPitch } from "../support/pitches.ts";
import { type ServerProcess, startServer } from "../support/server_process.ts";

/**
 * A front end in a real browser: pages served by a second loopback server call the real API
 * (`src/main.ts`) with `fetch(..., { credentials: "include" })`, as a web app does. The page's
 * origin decides the outcome: allowed and same-site works on the session cookie alone; not
 * allowed is refused by CORS; allowed but on `127.0.0.1` while the API is on `localhost` is
 * cross-site, so the cookie never comes back (the README's pitfall).
 */

const skipped = chromiumMissing();
if (skipped) console.log(skipped);

/** What a page's `fetch` saw, or the error it threw (a CORS refusal is a TypeError). */
interface Outcome {
  status?: number;
  body?: Record<string, unknown>;
  location?: string | null;
  error?: string;
}

/** Runs one `fetch` in the page, as page script, with the session cookie. */
function pageFetch(page: Page, url: string, init: { method?: string; body?: unknown } = {}) {
  return page.evaluate(async ({ url, method, body }): Promise<Outcome> => {
    try {
      const response = await fetch(url, {
        method: method ?? "GET",
        credentials: "include",
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        location: response.headers.get("location"),
      };
    } catch (error) {
      return { error: String(error) };
    }
  }, { url, method: init.method, body: init.body });
}

/** A blank page on `127.0.0.1` and a port of its own: the front end's origin. */
function startPageServer(): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () =>
      new Response("<!doctype html><title>front end</title>", {
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
  );
}

Deno.test({
  name: "a browser front end signs up and works on the session cookie from an allowed origin",
  ignore: skipped !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const allowedPages = startPageServer();
    const refusedPages = startPageServer();
    const allowedPort = allowedPages.addr.port;
    const dataDir = await Deno.makeTempDir({ prefix: "pitchey_front_end_" });
    let server: ServerProcess | undefined;
    let browser: Browser | undefined;
    try {
      server = await startServer({
        PGLITE_DATA_DIR: dataDir,
        CORS_ORIGINS: `http://localhost:${allowedPort},http://127.0.0.1:${allowedPort}`,
        PASSWORD_PBKDF2_ITERATIONS: "100000",
      });
      const api = server.url.replace("127.0.0.1", "localhost");
      assert.match(api, /^http:\/\/localhost:\d+$/);
      browser = await launchChromium();
      // One browser profile: the refused origins below are tried with the cookie already set.
      const context = await browser.newContext();
      const app = await context.newPage();
      await app.goto(`http://localhost:${allowedPort}/`);
      const user = randomUser();
      let pitchCount = 0;

      await t.step("sign up from http://localhost:<port> sets the session cookie", async () => {
        const signUp = await pageFetch(app, `${api}/v1/auth/signup`, {
          method: "POST",
          body: user,
        });
        assert.equal(signUp.status, 201, JSON.stringify(signUp));
        const cookies = await context.cookies(api);
        assert.ok(cookies.some((cookie) => cookie.httpOnly), JSON.stringify(cookies));
      });

      await t.step("a cookie-authenticated read: GET /v1/me", async () => {
        const me = await pageFetch(app, `${api}/v1/me`);
        assert.equal(me.status, 200, JSON.stringify(me));
        assert.equal(me.body?.email, user.email, JSON.stringify(me));
      });

      await t.step("a cookie-authenticated write, its Location readable by script", async () => {
        const created = await pageFetch(app, `${api}/v1/pitches`, {
          method: "POST",
          body: randomPitch(),
        });
        assert.equal(created.status, 201, JSON.stringify(created));
        pitchCount += 1;
        assert.equal(created.location, `/v1/pitches/${created.body?.id}`);
        const read = await pageFetch(app, `${api}${created.location}`);
        assert.equal(read.status, 200, JSON.stringify(read));
      });

      await t.step("from an origin not on the allowlist, every call fails", async () => {
        // Same site as the API (so the cookie would go along), but not in CORS_ORIGINS.
        const other = await context.newPage();
        await other.goto(`http://localhost:${refusedPages.addr.port}/`);
        const calls = [
          await pageFetch(other, `${api}/v1/auth/signup`, { method: "POST", body: randomUser() }),
          await pageFetch(other, `${api}/v1/me`),
          await pageFetch(other, `${api}/v1/pitches`, { method: "POST", body: randomPitch() }),
        ];
        for (const call of calls) assert.match(call.error ?? "", /TypeError/, JSON.stringify(call));
        // The refused write did not happen behind the refusal either.
        const mine = await pageFetch(app, `${api}/v1/me/pitches`);
        assert.equal(mine.status, 200, JSON.stringify(mine));
        assert.equal((mine.body?.items as unknown[]).length, pitchCount, JSON.stringify(mine));
      });

      await t.step("from 127.0.0.1, allowed but cross-site, the cookie is not sent", async () => {
        const ip = await context.newPage();
        await ip.goto(`http://127.0.0.1:${allowedPort}/`);
        const me = await pageFetch(ip, `${api}/v1/me`);
        assert.equal(me.status, 401, JSON.stringify(me));
        const signUp = await pageFetch(ip, `${api}/v1/auth/signup`, {
          method: "POST",
          body: randomUser(),
        });
        assert.equal(signUp.status, 201, JSON.stringify(signUp));
        const after = await pageFetch(ip, `${api}/v1/me`);
        assert.equal(after.status, 401, JSON.stringify(after));
      });
    } finally {
      await browser?.close();
      await server?.dispose();
      await allowedPages.shutdown();
      await refusedPages.shutdown();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
