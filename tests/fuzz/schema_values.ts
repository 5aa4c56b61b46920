import type { Rng } from "./prng.ts";
import { type Schema, schemaTypes } from "./openapi_operations.ts";

/**
 * Values that pass validation for fields whose schema alone cannot say what the service accepts
 * (a unique email, the caller's current password, a URL). Keyed by field name; a hint returning
 * `undefined` leaves an optional query parameter out (a cursor the fuzzer cannot forge).
 */
export type Hints = Record<string, () => unknown>;

/**
 * A value the schema accepts, so a case can change one field of an otherwise valid body and reach
 * the service with it. Optional object members are included at random.
 */
export function validValue(schema: Schema, rng: Rng, hints: Hints, name = ""): unknown {
  const hint = hints[name];
  if (hint) return hint();
  if (schema.enum) {
    const choices = schema.enum.filter((v) => v !== null);
    return choices.length > 0 ? rng.pick(choices) : null;
  }
  const type = schemaTypes(schema).find((t) => t !== "null") ?? "null";
  switch (type) {
    case "string":
      return validString(schema);
    case "integer":
    case "number":
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case "boolean":
      return rng.chance(0.5);
    case "array": {
      const count = Math.max(schema.minItems ?? 0, 1);
      return Array.from({ length: count }, () => validValue(schema.items ?? {}, rng, hints));
    }
    case "object":
      return validObject(schema, rng, hints);
    default:
      return null;
  }
}

function validString(schema: Schema): string {
  if (schema.format === "uri") return "https://example.com/fuzz.png";
  if (schema.format === "email") return "fuzz@example.com";
  const length = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 12, 12));
  return "fuzz value long enough".padEnd(length, "x").slice(0, length);
}

function validObject(schema: Schema, rng: Rng, hints: Hints): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(schema.properties ?? {})) {
    if (required.has(key) || rng.chance(0.6)) out[key] = validValue(member, rng, hints, key);
  }
  return out;
}

/** A value of a JSON type the schema does not admit (for every type it lacks, one example). */
export function wrongTypedValue(schema: Schema, rng: Rng): { label: string; value: unknown } {
  const types = new Set(schemaTypes(schema));
  if (types.has("integer")) types.add("number");
  const examples: Array<[string, unknown]> = [
    ["string", "not the right type"],
    ["number", 12.5],
    ["integer", 7],
    ["boolean", true],
    ["null", null],
    ["array", ["a", 1, null]],
    ["object", { nested: { value: 1 } }],
  ];
  const candidates = examples.filter(([type]) => !types.has(type));
  // An enum of strings still has a wrong string: one outside the enum.
  if (schema.enum) candidates.push(["string outside the enum", "__proto__"]);
  const [label, value] = rng.pick(candidates.length > 0 ? candidates : examples);
  return { label, value };
}

/**
 * Cuts or pads a hostile string to the schema's length bounds, so that it passes validation and
 * reaches the service (where a NUL byte or a lone surrogate meets Postgres).
 */
export function fitToSchema(value: string, schema: Schema): string {
  const max = schema.maxLength ?? Infinity;
  const min = schema.minLength ?? 0;
  let fitted = value.length > max ? value.slice(0, max) : value;
  if (fitted.length < min) fitted = fitted.padEnd(min, "x");
  return fitted;
}
