/**
 * Architecture gate: every file under src/ belongs to a layer (its first path segment), and a
 * layer may import only its own files plus the layers listed for it below. Import cycles between
 * files fail too. Usage: `deno run --allow-read scripts/check_layers.ts [root]` (root defaults to
 * this repository's src/).
 */
import { readdir, readFile } from "node:fs/promises";
import { join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findCycles } from "./layers/cycles.ts";
import { importSpecifiers, isRelative } from "./layers/imports.ts";

// Keys are inferred from the table itself so a typo in a right-hand list fails `deno check`,
// and adding a layer stays one line.
function rules<L extends string>(table: Record<L, readonly NoInfer<L>[] | "anything">) {
  return table;
}

/** First path segment under src/ -> the layers it may import besides itself. */
export const ALLOWED = rules({
  "main.ts": "anything",
  // Other runtimes' entries (Node, Workers): composition roots like main.ts.
  entries: "anything",
  "app.ts": ["http", "context.ts", "services", "ports", "lib"],
  "deps.ts": ["adapters", "config", "context.ts", "db", "ports", "lib", "services"],
  "context.ts": ["ports", "db", "lib"],
  config: ["ports", "lib"],
  http: ["services", "ports", "lib", "context.ts"],
  services: ["ports", "db", "lib", "context.ts"],
  adapters: ["ports", "db", "lib"],
  db: ["lib"],
  // A port may name the query handle it is given (the publish gate runs inside a transaction).
  ports: ["lib", "db"],
  lib: [],
});

export type Layer = keyof typeof ALLOWED;

export type Violation =
  | { kind: "layer"; file: string; imported: string; rule: string }
  | { kind: "unknown-layer"; file: string; layer: string }
  | { kind: "cycle"; path: string[]; component: string[] };

export type LayerReport = { violations: Violation[]; files: number; imports: number };

export function layerOf(path: string): string {
  return path.split("/")[0]!;
}

function isLayer(name: string): name is Layer {
  return Object.hasOwn(ALLOWED, name);
}

/**
 * Pure check over an in-memory tree: `files` maps paths relative to the source root
 * (`http/app_routes.ts`) to their text. Only `.ts` keys are treated as modules.
 */
export function checkLayers(files: Map<string, string>): Violation[] {
  return analyzeLayers(files).violations;
}

export function analyzeLayers(files: Map<string, string>): LayerReport {
  const violations: Violation[] = [];
  const graph = new Map<string, Set<string>>();
  let imports = 0;
  const paths = [...files.keys()].filter((path) => path.endsWith(".ts")).sort();
  for (const file of paths) {
    const layer = layerOf(file);
    if (!isLayer(layer)) violations.push({ kind: "unknown-layer", file, layer });
    const targets = new Set<string>();
    for (const spec of importSpecifiers(files.get(file)!).filter(isRelative)) {
      imports++;
      const imported = posix.normalize(posix.join(posix.dirname(file), spec));
      const rule = brokenRule(file, imported, files);
      if (rule) violations.push({ kind: "layer", file, imported, rule });
      if (files.has(imported)) targets.add(imported);
    }
    graph.set(file, targets);
  }
  for (const cycle of findCycles(graph)) violations.push({ kind: "cycle", ...cycle });
  return { violations, files: paths.length, imports };
}

function brokenRule(file: string, imported: string, files: Map<string, string>) {
  if (imported === ".." || imported.startsWith("../")) return "imports must stay inside the root";
  if (imported.endsWith(".ts") && !files.has(imported)) return "imported file does not exist";
  const from = layerOf(file);
  const to = layerOf(imported);
  // An unknown importer is already reported once per file; repeating it per import is noise.
  if (!isLayer(from) || from === to) return undefined;
  const allowed: readonly string[] | "anything" = ALLOWED[from];
  if (allowed === "anything" || allowed.includes(to)) return undefined;
  return `${from} may import only ${(allowed.length ? allowed : [from]).join(", ")}`;
}

/** `root` is the prefix shown in messages, e.g. `src`, so lines name real paths. */
export function formatViolation(v: Violation, root = "src"): string {
  const at = (path: string) => posix.join(root, path);
  switch (v.kind) {
    case "layer":
      return `${at(v.file)} imports ${at(v.imported)}: ${v.rule}`;
    case "unknown-layer":
      return `${at(v.file)}: unknown layer "${v.layer}" (add it to ALLOWED in ` +
        `scripts/check_layers.ts)`;
    case "cycle": {
      const extra = v.component.filter((file) => !v.path.includes(file));
      const rest = extra.length ? ` (same cycle group: ${extra.map(at).join(", ")})` : "";
      return `cycle: ${v.path.map(at).join(" -> ")}${rest}`;
    }
  }
}

async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path).split("\\").join("/"), await readFile(path, "utf8"));
  }
  return files;
}

if (import.meta.main) {
  const arg = Deno.args[0];
  const root = arg ?? fileURLToPath(new URL("../src/", import.meta.url));
  const report = analyzeLayers(await readTree(root));
  const shown = (arg ?? "src").replace(/\/+$/, "") || ".";
  for (const v of report.violations) console.log(formatViolation(v, shown));
  if (report.violations.length) {
    console.log(`layers failed: ${report.violations.length} violation(s)`);
    Deno.exit(1);
  }
  console.log(`layers ok: ${report.files} files, ${report.imports} imports checked`);
}
