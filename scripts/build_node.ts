/**
 * Builds the Node.js entry: `deno bundle` of src/entries/node.ts into dist/node/server.mjs, plus
 * the files PGlite loads beside its own module at run time (its WASM and data image), which a
 * bundle moves. Run with `deno task build:node`; start with `deno task start:node`.
 * Migrations are read from `migrations/` two levels above the bundle, i.e. this checkout.
 */
import denoJson from "../deno.json" with { type: "json" };

const ROOT = new URL("../", import.meta.url);
const OUT = new URL("dist/node/", ROOT);

const bundle = await new Deno.Command(Deno.execPath(), {
  args: ["bundle", "--platform", "deno", "-o", "dist/node/server.mjs", "src/entries/node.ts"],
  cwd: ROOT,
  stdout: "inherit",
  stderr: "inherit",
}).output();
if (!bundle.success) Deno.exit(bundle.code);

// PGlite fetches `pglite.wasm`, `initdb.wasm` and `pglite.data` relative to its module's URL,
// which is now the bundle's: copy them from the npm cache beside it.
const info = await new Deno.Command(Deno.execPath(), { args: ["info", "--json"], cwd: ROOT })
  .output();
const { npmCache } = JSON.parse(new TextDecoder().decode(info.stdout)) as { npmCache: string };
const version = denoJson.imports["@electric-sql/pglite"].split("@").at(-1)!;
const dist = `${npmCache}/registry.npmjs.org/@electric-sql/pglite/${version}/dist`;
for (const file of ["pglite.wasm", "initdb.wasm", "pglite.data"]) {
  await Deno.copyFile(`${dist}/${file}`, new URL(file, OUT));
}
console.log(`Node bundle: ${new URL("server.mjs", OUT).pathname} (+ PGlite assets)`);
