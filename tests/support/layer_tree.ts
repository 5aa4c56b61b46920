/** A miniature of src/ for the layer checker tests where every import follows the rules. */
export const CLEAN_TREE: Record<string, string> = {
  "main.ts": `import { createApp } from "./app.ts";\nimport { createDeps } from "./deps.ts";`,
  "app.ts": `import { routes } from "./http/routes.ts";\nimport type { Ctx } from "./context.ts";`,
  "deps.ts":
    `import { memory } from "./adapters/memory.ts";\nimport { env } from "./config/env.ts";`,
  "context.ts":
    `import type { Clock } from "./ports/clock.ts";\nimport { db } from "./db/client.ts";`,
  "config/env.ts": `import { z } from "zod";\nimport { trim } from "../lib/text.ts";`,
  "http/routes.ts":
    `import { Hono } from "hono";\nimport { getPitch } from "../services/get_pitch.ts";`,
  "services/get_pitch.ts":
    `import { eq } from "drizzle-orm";\nimport { pitches } from "../db/tables.ts";\nimport type { Ctx } from "../context.ts";`,
  "adapters/memory.ts": `import type { Clock } from "../ports/clock.ts";`,
  "db/client.ts": `import { pitches } from "./tables.ts";`,
  "db/tables.ts":
    `import { pgTable } from "drizzle-orm/pg-core";\nimport { trim } from "../lib/text.ts";`,
  "ports/clock.ts": `import { trim } from "../lib/text.ts";\nexport type Clock = () => number;`,
  "lib/text.ts": `import { randomUUID } from "node:crypto";\nexport const trim = (s: string) => s;`,
};

export function layerTree(changes: Record<string, string> = {}): Map<string, string> {
  return new Map(Object.entries({ ...CLEAN_TREE, ...changes }));
}
