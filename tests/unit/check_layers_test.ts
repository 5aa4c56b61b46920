import assert from "node:assert/strict";
import { checkLayers, formatViolation } from "../../scripts/check_layers.ts";
import { CLEAN_TREE, layerTree } from "../support/layer_tree.ts";

function lines(changes: Record<string, string> = {}): string[] {
  return checkLayers(layerTree(changes)).map((v) => formatViolation(v));
}

Deno.test("checkLayers", async (t) => {
  await t.step("a tree that follows every rule has no violations", () => {
    const out = lines();
    assert.deepEqual(out, [], out.join("\n"));
  });

  await t.step("each forbidden layer import is reported with file, import and rule", () => {
    const cases: [string, string, string][] = [
      [
        "http/routes.ts",
        "../db/tables.ts",
        "http may import only services, ports, lib, context.ts",
      ],
      ["services/get_pitch.ts", "../adapters/memory.ts", "services may import only"],
      ["adapters/memory.ts", "../services/get_pitch.ts", "adapters may import only ports, db, lib"],
      ["config/env.ts", "../services/get_pitch.ts", "config may import only ports, lib"],
      ["lib/text.ts", "../ports/clock.ts", "lib may import only lib"],
    ];
    for (const [file, spec, rule] of cases) {
      const out = lines({ [file]: `${CLEAN_TREE[file]}\nimport { x } from "${spec}";` });
      const imported = `src/${spec.replace("../", "")}`;
      const expected = `src/${file} imports ${imported}: ${rule}`;
      assert.ok(
        out.some((line) => line.startsWith(expected)),
        `${expected}\ngot:\n${out.join("\n")}`,
      );
    }
  });

  await t.step("a two-file cycle is reported once, starting from its first file", () => {
    const out = lines({
      "lib/a.ts": `import "./b.ts";`,
      "lib/b.ts": `import { a } from "./a.ts";`,
    });
    assert.deepEqual(out, ["cycle: src/lib/a.ts -> src/lib/b.ts -> src/lib/a.ts"], out.join("\n"));
  });

  await t.step("a file importing itself is a cycle", () => {
    const out = lines({ "lib/a.ts": `export * from "./a.ts";` });
    assert.deepEqual(out, ["cycle: src/lib/a.ts -> src/lib/a.ts"], out.join("\n"));
  });

  await t.step("type-only, export-from and dynamic imports are all seen", () => {
    for (
      const statement of [
        `import type { Row } from "../db/tables.ts";`,
        `import { type Row } from "../db/tables.ts";`,
        `export type { Row } from "../db/tables.ts";`,
        `export * as tables from "../db/tables.ts";`,
        `export {\n  pitches,\n} from "../db/tables.ts";`,
        `const t = await import("../db/tables.ts");`,
        `type T = typeof import("../db/tables.ts");`,
      ]
    ) {
      const out = lines({ "http/routes.ts": statement });
      assert.equal(out.length, 1, `${statement}\ngot:\n${out.join("\n")}`);
      assert.match(
        out.join("\n"),
        /^src\/http\/routes\.ts imports src\/db\/tables\.ts: /,
        out.join("\n"),
      );
    }
  });

  await t.step("import-like text in comments, strings and templates is not an import", () => {
    const source = [
      `// import { x } from "../db/tables.ts";`,
      `/* export * from "../db/tables.ts"; */`,
      `const s = 'import("../db/tables.ts")';`,
      'const t = `import x from "../db/tables.ts" ${s}`;',
      'const u = `${s}` + `import y from "../db/tables.ts"`;',
      `const r = /"/; const q = "import x from '../db/tables.ts'";`,
      `export const ok = import.meta.url;`,
    ].join("\n");
    const out = lines({ "http/routes.ts": source });
    assert.deepEqual(out, [], out.join("\n"));
  });

  await t.step("a file in an unknown top-level folder or file is reported", () => {
    const out = lines({
      "observability/timing.ts": `export const timed = 1;`,
      "config.ts": `export const config = 1;`,
    });
    assert.ok(
      out.some((l) => l.startsWith(`src/observability/timing.ts: unknown layer "observability"`)),
      out.join("\n"),
    );
    assert.ok(
      out.some((l) => l.startsWith(`src/config.ts: unknown layer "config.ts"`)),
      out.join("\n"),
    );
  });

  await t.step("bare, npm and node specifiers are ignored", () => {
    const out = lines({
      "lib/text.ts": [
        `import { Hono } from "hono";`,
        `import { pgTable } from "drizzle-orm/pg-core";`,
        `import { randomUUID } from "node:crypto";`,
        `import Stripe from "npm:stripe@23";`,
        `const z = await import("zod");`,
      ].join("\n"),
    });
    assert.deepEqual(out, [], out.join("\n"));
  });

  await t.step("imports leaving the root or naming a missing file are reported", () => {
    const out = lines({ "lib/text.ts": `import "../../scripts/x.ts";\nimport "./gone.ts";` });
    assert.deepEqual(out, [
      "src/lib/text.ts imports scripts/x.ts: imports must stay inside the root",
      "src/lib/text.ts imports src/lib/gone.ts: imported file does not exist",
    ], out.join("\n"));
  });
});
