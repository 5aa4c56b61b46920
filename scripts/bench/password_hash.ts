/**
 * Measures what credential checks cost on this machine: PBKDF2 hash and verify at the production
 * iterations (and a lower setting for comparison), and the SHA-256 lookup digest of a session
 * token. Prints a table; not a test, so nothing asserts on the numbers.
 *
 * Run: deno run -A scripts/bench/password_hash.ts
 */
import { randomToken, sha256Hex } from "../../src/lib/secure_tokens.ts";
import {
  createPbkdf2PasswordHasher,
  OWASP_PBKDF2_ITERATIONS,
} from "../../src/adapters/password_hasher/pbkdf2_password_hasher.ts";

const RUNS = 10;
const DIGEST_RUNS = 100_000;
const ITERATION_SETTINGS = [OWASP_PBKDF2_ITERATIONS, 310_000];
const PASSWORD = "correct horse battery staple";

interface Summary {
  mean: number;
  p50: number;
  max: number;
}

function summarise(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  // Nearest-rank median: with 10 samples, the 5th smallest.
  const p50 = sorted[Math.ceil(sorted.length / 2) - 1] ?? Number.NaN;
  return { mean, p50, max: sorted[sorted.length - 1] ?? Number.NaN };
}

async function timeEach(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

function cpuModel(): string {
  try {
    const cpuinfo = Deno.readTextFileSync("/proc/cpuinfo");
    return cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))
    .join("  ");
}

const v = Deno.version;
console.log(
  `Machine: deno ${v.deno}, v8 ${v.v8}, typescript ${v.typescript}, ${Deno.build.target}, ` +
    `navigator.hardwareConcurrency=${navigator.hardwareConcurrency}, cpu "${cpuModel()}"`,
);
console.log(
  `PBKDF2-HMAC-SHA256, ${RUNS} sequential runs each on one core, after one warm-up call\n`,
);

const widths = [18, 10, 10, 10, 10, 14];
console.log(row(["operation", "iters", "mean ms", "p50 ms", "max ms", "ops/s/core"], widths));
console.log(row(widths.map((w) => "-".repeat(w)), widths));

for (const iterations of ITERATION_SETTINGS) {
  const hasher = createPbkdf2PasswordHasher({ iterations });
  const stored = await hasher.hash(PASSWORD); // warm-up: first WebCrypto call pays set-up costs
  const cases: [string, () => Promise<unknown>][] = [
    ["hash", () => hasher.hash(PASSWORD)],
    ["verify", () => hasher.verify(PASSWORD, stored)],
  ];
  for (const [name, work] of cases) {
    const { mean, p50, max } = summarise(await timeEach(RUNS, work));
    console.log(row([
      name,
      iterations.toLocaleString("en-US"),
      mean.toFixed(1),
      p50.toFixed(1),
      max.toFixed(1),
      (1000 / mean).toFixed(1),
    ], widths));
  }
}

// Session lookups digest the presented token before the database query; this is that cost.
const token = randomToken("");
for (let i = 0; i < 1_000; i++) sha256Hex(token);
const start = performance.now();
for (let i = 0; i < DIGEST_RUNS; i++) sha256Hex(token);
const nsPerOp = ((performance.now() - start) * 1e6) / DIGEST_RUNS;
console.log(
  `\nsha256Hex of a ${token.length}-char token: ${DIGEST_RUNS.toLocaleString("en-US")} runs, ` +
    `${nsPerOp.toFixed(0)} ns/op (${Math.round(1e9 / nsPerOp).toLocaleString("en-US")} ops/s/core)`,
);
