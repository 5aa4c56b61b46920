import assert from "node:assert/strict";
import type { Harness } from "./harness.ts";

/** A parsed scrape: every sample line by its series (`name{labels}` as written), and the types. */
export interface Scrape {
  text: string;
  samples: Map<string, number>;
  types: Map<string, string>;
}

const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$/;

/** Parses Prometheus text strictly: a line that is neither a comment nor a valid sample fails. */
export function parsePrometheus(text: string): Scrape {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  assert.ok(text.endsWith("\n"), "a scrape ends with a line feed");
  for (const line of text.slice(0, -1).split("\n")) {
    const type = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      assert.ok(!types.has(type[1]!), `family "${type[1]}" typed twice`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith("# HELP ")) continue;
    const match = SAMPLE.exec(line);
    assert.ok(match, `not a sample line: ${JSON.stringify(line)}`);
    const series = `${match[1]}${match[2] ?? ""}`;
    assert.ok(!samples.has(series), `series written twice: ${series}`);
    const raw = match[3]!;
    samples.set(series, raw === "+Inf" ? Infinity : Number(raw));
  }
  return { text, samples, types };
}

/** The sample's value, 0 when the series does not exist yet (a counter not yet incremented). */
export function valueOf(scrape: Scrape, series: string): number {
  return scrape.samples.get(series) ?? 0;
}

/** The sample's value; fails when the series is missing. */
export function requireValue(scrape: Scrape, series: string): number {
  const value = scrape.samples.get(series);
  assert.ok(value !== undefined, `no series ${series} in:\n${scrape.text}`);
  return value;
}

/** `GET /metrics` with `token`, asserted 200 and parsed. */
export async function scrapeMetrics(h: Harness, token: string): Promise<Scrape> {
  const response = await h.app.request("/metrics", {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  return parsePrometheus(text);
}
