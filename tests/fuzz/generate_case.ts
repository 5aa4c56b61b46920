import { BODY_FIELD_KINDS } from "./body_field_cases.ts";
import { BODY_SHAPE_KINDS } from "./body_shape_cases.ts";
import { BODY_SYNTAX_KINDS } from "./body_syntax_cases.ts";
import { type CaseKind, type FuzzCase, validRequest } from "./fuzz_case.ts";
import type { Operation } from "./openapi_operations.ts";
import { deriveSeed, mulberry32 } from "./prng.ts";
import { HEADER_KINDS } from "./header_cases.ts";
import { REQUEST_KINDS } from "./request_cases.ts";
import type { Hints } from "./schema_values.ts";

const ALL_KINDS: readonly CaseKind[] = [
  ...BODY_FIELD_KINDS,
  ...BODY_SHAPE_KINDS,
  ...BODY_SYNTAX_KINDS,
  ...REQUEST_KINDS,
  ...HEADER_KINDS,
];

/** The kinds of hostile input that apply to `op`, each as many times as its weight. */
export function kindsFor(op: Operation): CaseKind[] {
  return ALL_KINDS.filter((kind) => kind.applies(op))
    .flatMap((kind) => Array.from({ length: kind.weight ?? 1 }, () => kind));
}

/**
 * Case `index` of `op` under `seed`. The kinds take turns, so every kind that applies is sent once
 * the case count reaches the number of turns; the details come from a stream of its own, so the
 * same (seed, operation, index) is the same case for every caller and every run.
 */
export function generateCase(
  op: Operation,
  seed: number,
  index: number,
  values: { pathIds: Record<string, string>; hints: Hints },
): FuzzCase & { kind: string } {
  const kinds = kindsFor(op);
  const kind = kinds[index % kinds.length]!;
  const rng = mulberry32(deriveSeed(seed, op.key, index));
  const ctx = { op, rng, pathIds: values.pathIds, hints: values.hints };
  return { ...kind.build(ctx, validRequest(ctx)), kind: kind.name };
}
