import {
  type CaseKind,
  hasBodyFields,
  isText,
  jsonCase,
  pickField,
  withRawField,
} from "./fuzz_case.ts";
import { DEEP_LEVELS, deeplyNested, hugeArray, ONE_MB } from "./hostile_values.ts";
import { schemaTypes } from "./openapi_operations.ts";

/** Kinds that make a body huge or deep, or give it prototype keys. */
export const BODY_SHAPE_KINDS: CaseKind[] = [
  {
    name: "huge string",
    applies: hasBodyFields,
    build(ctx, base) {
      const [field] = pickField(ctx, isText);
      const size = ctx.rng.pick([ONE_MB + 1, ONE_MB - 4096]);
      const body = JSON.stringify({ ...base.body, [field]: "s".repeat(size) });
      return jsonCase(`${size}-character string in "${field}"`, base, body);
    },
  },
  {
    name: "huge array",
    applies: (op) => op.body !== undefined,
    build(ctx, base) {
      const item = ctx.rng.pick(["0", '"x"', "null", "{}", "[]"]);
      const array = hugeArray(200_000, item);
      if (!hasBodyFields(ctx.op) || ctx.rng.chance(0.3)) {
        return jsonCase(`body is an array of 200000 ${item}`, base, array);
      }
      const [field] = pickField(ctx, (s) => schemaTypes(s).includes("array"));
      return jsonCase(
        `array of 200000 ${item} as "${field}"`,
        base,
        withRawField(base, field, array),
      );
    },
  },
  {
    name: "deep nesting",
    applies: (op) => op.body !== undefined,
    build(ctx, base) {
      const shape = ctx.rng.pick(["object", "array"] as const);
      const nested = deeplyNested(DEEP_LEVELS, shape);
      if (!hasBodyFields(ctx.op) || ctx.rng.chance(0.3)) {
        return jsonCase(`body is ${DEEP_LEVELS} nested ${shape}s`, base, nested);
      }
      const [field] = pickField(ctx);
      return jsonCase(
        `${DEEP_LEVELS} nested ${shape}s as "${field}"`,
        base,
        withRawField(base, field, nested),
      );
    },
  },
  {
    name: "prototype keys",
    applies: (op) => op.body !== undefined,
    build(ctx, base) {
      const key = ctx.rng.pick(["__proto__", "constructor", "prototype"]);
      const payload = key === "constructor"
        ? '{"prototype":{"fuzzPolluted":true}}'
        : '{"fuzzPolluted":true,"role":"admin","plan":"studio"}';
      const rest = JSON.stringify(base.body ?? {}).slice(1);
      if (!hasBodyFields(ctx.op) || ctx.rng.chance(0.5)) {
        const body = `{"${key}":${payload}${rest === "}" ? "}" : `,${rest}`}`;
        return jsonCase(`"${key}" as a body key`, base, body);
      }
      const [field] = pickField(ctx);
      return jsonCase(
        `{"${key}": ...} as "${field}"`,
        base,
        withRawField(base, field, `{"${key}":${payload}}`),
      );
    },
  },
];
