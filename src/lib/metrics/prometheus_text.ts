/**
 * The Prometheus text exposition format (version 0.0.4): the content type, escaping, and one
 * writer for a metric family, shared by the in-memory families and the values read at scrape time.
 */

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type MetricType = "counter" | "gauge" | "histogram";

/** One sample line: its label pairs (already in order) and its value. */
export interface Sample {
  /** Suffix after the family name (`_bucket`, `_sum`, `_count`), or "" for the family itself. */
  suffix?: string;
  labels: ReadonlyArray<readonly [string, string]>;
  value: number;
}

/** A label value with `\`, `"` and line feeds escaped, as the format requires. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

/** HELP text escapes `\` and line feeds only. */
export function escapeHelp(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}

/** Numbers as Prometheus writes them: `+Inf`, `-Inf`, `NaN`, else JavaScript's shortest form. */
export function formatValue(value: number): string {
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return Number.isNaN(value) ? "NaN" : String(value);
}

/** `{a="1",b="2"}`, or "" without labels. */
export function formatLabels(labels: ReadonlyArray<readonly [string, string]>): string {
  if (labels.length === 0) return "";
  return `{${labels.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`;
}

/** Appends a family's HELP and TYPE lines and its samples to `lines`. */
export function writeFamily(
  lines: string[],
  family: { name: string; help: string; type: MetricType; samples: Iterable<Sample> },
): void {
  lines.push(
    `# HELP ${family.name} ${escapeHelp(family.help)}`,
    `# TYPE ${family.name} ${family.type}`,
  );
  for (const sample of family.samples) {
    const name = family.name + (sample.suffix ?? "");
    lines.push(`${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
  }
}
