import assert from "node:assert/strict";
import { chromiumMissing, launchChromium } from "../support/chromium.ts";
import { startServer } from "../support/server_process.ts";

/**
 * `/docs` in a real browser against the real server (`src/main.ts`, embedded defaults): the
 * reference renders every operation of `/openapi.json`, no request leaves the API's origin, and
 * the page's Content-Security-Policy refuses nothing it needs.
 */

const skipped = chromiumMissing();
if (skipped) console.log(skipped);

interface OpenApiDocument {
  paths: Record<string, Record<string, { summary?: string }>>;
}

Deno.test({
  name: "GET /docs renders the reference offline in headless Chromium",
  ignore: skipped !== undefined,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dataDir = await Deno.makeTempDir({ prefix: "pitchey_docs_browser_" });
    const server = await startServer({ PGLITE_DATA_DIR: dataDir });
    const browser = await launchChromium();
    try {
      const document: OpenApiDocument = await (await fetch(`${server.url}/openapi.json`)).json();
      const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
      const page = await browser.newPage();
      const requested: string[] = [];
      const refused: string[] = [];
      page.on("request", (request) => requested.push(request.url()));
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) {
          refused.push(message.text());
        }
      });
      await page.goto(`${server.url}/docs`);

      await t.step("every documented operation is rendered", async () => {
        // Swagger UI lists each operation as an `.opblock` with its summary.
        const first = operations.find((operation) => operation.summary)?.summary ?? "";
        await page.getByText(first, { exact: true }).first().waitFor();
        assert.equal(await page.locator(".opblock").count(), operations.length);
        const title = await page.locator(".info .title").first().textContent();
        assert.match(title ?? "", /Pitchey API/);
      });

      await t.step("no request left the API's origin", () => {
        const origin = new URL(server.url).origin;
        const elsewhere = requested.filter((url) => new URL(url).origin !== origin);
        assert.deepEqual(elsewhere, [], requested.join("\n"));
        assert.ok(requested.some((url) => url.endsWith("/openapi.json")), requested.join("\n"));
      });

      await t.step("the page's policy refused nothing", () => {
        assert.deepEqual(refused, []);
      });

      const shot = Deno.env.get("BROWSER_SCREENSHOT_DIR");
      if (shot) await page.screenshot({ path: `${shot}/docs.png`, fullPage: false });
    } finally {
      await browser.close();
      await server.dispose();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
