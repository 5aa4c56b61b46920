import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { layerTree } from "../support/layer_tree.ts";

Deno.test("check_layers CLI", async (t) => {
  const script = fileURLToPath(new URL("../../scripts/check_layers.ts", import.meta.url));
  const dir = await mkdtemp(join(tmpdir(), "check_layers_"));
  const write = async (files: Map<string, string>) => {
    await rm(join(dir, "src"), { recursive: true, force: true });
    for (const [path, text] of files) {
      await mkdir(dirname(join(dir, "src", path)), { recursive: true });
      await writeFile(join(dir, "src", path), text);
    }
  };
  // Run from the temp dir so the test also proves the script does not depend on the repo cwd.
  const run = async () => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", script, "src"],
      cwd: dir,
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    return { code: out.code, text };
  };

  try {
    await t.step("a clean tree exits 0 with a one-line summary", async () => {
      await write(layerTree());
      const { code, text } = await run();
      assert.equal(code, 0, text);
      assert.match(text, /^layers ok: 12 files, 16 imports checked\n$/, text);
    });

    await t.step("a violating tree exits 1 and prints the violation", async () => {
      await write(layerTree({ "http/routes.ts": `import { pitches } from "../db/tables.ts";` }));
      const { code, text } = await run();
      assert.equal(code, 1, text);
      assert.ok(text.includes("src/http/routes.ts imports src/db/tables.ts: http may"), text);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
