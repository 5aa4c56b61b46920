import assert from "node:assert/strict";
import { CLIENT_SCHEMA_FILE, generateClientSchema } from "../../scripts/client/generate.ts";
import { withoutInternalOperations } from "../../scripts/client/public_operations.ts";
import { importSpecifiers } from "../../scripts/layers/imports.ts";

// `deno task client:check` runs this file on its own (a counted suite in .ci/run); the embedded
// suite runs it too.
const CLIENT_DIR = new URL("../../client/", import.meta.url);
/** The compiler a front end's build would use; pinned so the check is the same everywhere. */
const TSC = "npm:typescript@5.9.3/tsc";

Deno.test("the committed typed client", async (t) => {
  await t.step("client/schema.d.ts is what client:generate writes for today's routes", async () => {
    const committed = await Deno.readTextFile(CLIENT_SCHEMA_FILE).catch(() => "");
    const fresh = await generateClientSchema();
    assert.ok(
      committed === fresh,
      "client/schema.d.ts is out of date with the routes: run `deno task client:generate` and " +
        `commit it (${firstDifference(committed, fresh)})`,
    );
  });

  await t.step(
    "the client imports only its own files: no server code reaches a bundle",
    async () => {
      for await (const entry of Deno.readDir(CLIENT_DIR)) {
        if (!entry.name.endsWith(".ts")) continue;
        const source = await Deno.readTextFile(new URL(entry.name, CLIENT_DIR));
        for (const specifier of importSpecifiers(source)) {
          assert.match(
            specifier,
            /^\.\/[\w.]+\.ts$/,
            `client/${entry.name} imports "${specifier}"`,
          );
        }
      }
    },
  );

  await t.step("the client compiles as a browser module (DOM types, no Deno types)", async () => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-env",
        TSC,
        "--noEmit",
        "--strict",
        "--noUncheckedIndexedAccess",
        "--target",
        "ES2022",
        "--lib",
        "ES2022,DOM,DOM.Iterable",
        "--module",
        "ESNext",
        "--moduleResolution",
        "Bundler",
        "--allowImportingTsExtensions",
        new URL("mod.ts", CLIENT_DIR).pathname,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, text);
  });
});

Deno.test("the client generator leaves out operations marked x-internal", () => {
  const doc = withoutInternalOperations({
    openapi: "3.1.0",
    paths: {
      "/jobs/{name}": { post: { "x-internal": true, responses: {} } },
      "/v1/pitches": {
        parameters: [],
        get: { responses: {} },
        post: { "x-internal": true, responses: {} },
      },
      "/webhooks/stripe": { "x-internal": true, post: { responses: {} } },
    },
  });
  assert.deepEqual(doc.paths, { "/v1/pitches": { parameters: [], get: { responses: {} } } });
  assert.equal(doc.openapi, "3.1.0");
});

function firstDifference(a: string, b: string): string {
  const left = a.split("\n");
  const right = b.split("\n");
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? left.length : line;
  return `first difference at line ${at + 1}: ${JSON.stringify(left[at] ?? "<end>")} versus ` +
    JSON.stringify(right[at] ?? "<end>");
}
