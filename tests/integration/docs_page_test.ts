import assert from "node:assert/strict";
import denoJson from "../../deno.json" with { type: "json" };
import bundle from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "text" };
import stylesheet from "swagger-ui-dist/swagger-ui.css" with { type: "text" };
import { createHarness } from "../support/harness.ts";

/**
 * `GET /docs` works offline: the page and the viewer it loads come from the API's own origin, the
 * viewer byte for byte as the pinned npm package ships it, under a URL that changes with it.
 */

/** The `src` and `href` URLs of a page's scripts and stylesheets. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

function directive(policy: string, name: string): string[] {
  const found = policy.split(";").map((part) => part.trim().split(/\s+/))
    .find(([key]) => key === name);
  return found?.slice(1) ?? [];
}

Deno.test("GET /docs serves the reference viewer from its own origin", async (t) => {
  const h = await createHarness();
  try {
    const page = await h.app.request("/docs");
    const html = await page.text();
    assert.equal(page.status, 200, html);
    const urls = referencedUrls(html);

    await t.step("the page loads scripts and styles only from /docs/assets/<release>/", () => {
      assert.match(page.headers.get("content-type") ?? "", /^text\/html/);
      assert.equal(urls.length, 3, html);
      for (const url of urls) assert.match(url, /^\/docs\/assets\/[0-9a-f]{16}\/[\w.-]+$/, url);
      assert.doesNotMatch(html, /https?:\/\//, "no absolute URL in the page");
      assert.doesNotMatch(html, /<script>[^<]/, "no inline script");
    });

    await t.step("the policy allows scripts from this origin only, and nothing inline", () => {
      const policy = page.headers.get("content-security-policy") ?? "";
      assert.deepEqual(directive(policy, "script-src"), ["'self'"], policy);
      assert.deepEqual(directive(policy, "default-src"), ["'none'"], policy);
      assert.doesNotMatch(policy, /https?:|unsafe-eval/, policy);
      for (const name of ["style-src", "font-src", "connect-src", "img-src"]) {
        assert.ok(
          directive(policy, name).every((source) => ["'self'", "data:"].includes(source)),
          `${name} in ${policy}`,
        );
      }
    });

    await t.step("the viewer files are the pinned package's, cached for good", async () => {
      const served = new Map<string, string>();
      for (const url of urls) {
        const response = await h.app.request(url);
        const body = await response.text();
        assert.equal(response.status, 200, `${url}: ${body.slice(0, 200)}`);
        assert.equal(response.headers.get("cache-control"), "public, max-age=31536000, immutable");
        assert.equal(response.headers.get("x-content-type-options"), "nosniff");
        served.set(url.split("/").at(-1)!, body);
        const type = response.headers.get("content-type") ?? "";
        assert.match(type, url.endsWith(".css") ? /^text\/css/ : /^text\/javascript/, url);
      }
      assert.equal(served.get("swagger-ui-bundle.js"), bundle);
      assert.equal(served.get("swagger-ui.css"), stylesheet);
      // The start script reads this API's document and never calls the public validator.
      assert.match(served.get("init.js") ?? "", /url: "\/openapi\.json"/);
      assert.match(served.get("init.js") ?? "", /validatorUrl: null/);
    });

    await t.step("the viewer is pinned to one exact npm version", () => {
      const pin = (denoJson.imports as Record<string, string>)["swagger-ui-dist/"] ?? "";
      assert.match(pin, /^npm:\/swagger-ui-dist@\d+\.\d+\.\d+\/$/, pin);
    });

    await t.step("another release or an unknown file is a 404 problem", async () => {
      const [first] = urls;
      const release = first!.split("/")[3]!;
      for (
        const path of [
          "/docs/assets/0000000000000000/swagger-ui-bundle.js",
          `/docs/assets/${release}/index.html`,
          `/docs/assets/${release}/../../openapi.json`,
        ]
      ) {
        const response = await h.app.request(path);
        const body = await response.text();
        assert.equal(response.status, 404, `${path}: ${body}`);
        assert.match(response.headers.get("content-type") ?? "", /problem\+json/, path);
      }
    });
  } finally {
    await h.close();
  }
});
