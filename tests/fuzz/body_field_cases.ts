import {
  bodyFields,
  type CaseKind,
  hasBodyFields,
  isText,
  isTextList,
  jsonCase,
  pickField,
  withRawField,
} from "./fuzz_case.ts";
import {
  BROKEN_TEXT,
  HOSTILE_NUMBERS,
  HOSTILE_STRINGS,
  RAW_NUMBER_TOKENS,
} from "./hostile_values.ts";
import { type Schema, schemaTypes } from "./openapi_operations.ts";
import { fitToSchema, wrongTypedValue } from "./schema_values.ts";

/** Kinds that put a wrong value in an otherwise valid body: wrong types, broken text, numbers. */
export const BODY_FIELD_KINDS: CaseKind[] = [
  {
    name: "wrong type",
    applies: hasBodyFields,
    build(ctx, base) {
      const [field, schema] = pickField(ctx);
      const { label, value } = wrongTypedValue(schema, ctx.rng);
      return jsonCase(
        `${label} as "${field}"`,
        base,
        JSON.stringify({ ...base.body, [field]: value }),
      );
    },
  },
  {
    name: "broken text",
    weight: 2,
    applies: (op) => bodyFields(op).some(([, schema]) => isText(schema) || isTextList(schema)),
    build(ctx, base) {
      const [label, raw] = ctx.rng.pick(BROKEN_TEXT);
      const every = ctx.rng.chance(0.5);
      const body = { ...base.body };
      const texts = bodyFields(ctx.op).filter(([, s]) => isText(s) || isTextList(s));
      for (const [field, schema] of every ? texts : [ctx.rng.pick(texts)]) {
        body[field] = isText(schema)
          ? fitToSchema(raw, schema)
          : [fitToSchema(raw, schema.items ?? {})];
      }
      const where = every
        ? "every text field"
        : `"${Object.keys(body).find((k) => body[k] !== base.body?.[k])}"`;
      return jsonCase(`${label} in ${where}`, base, JSON.stringify(body));
    },
  },
  {
    name: "hostile string",
    weight: 2,
    applies: hasBodyFields,
    build(ctx, base) {
      const [field, schema] = pickField(ctx, (s) => isText(s) || isTextList(s));
      const [label, raw] = ctx.rng.pick(HOSTILE_STRINGS);
      const fit = ctx.rng.chance(0.75);
      const text = (s: Schema) => fit ? fitToSchema(raw, s) : raw;
      const value = isTextList(schema) ? [text(schema.items ?? {})] : text(schema);
      const body = JSON.stringify({ ...base.body, [field]: value });
      return jsonCase(`${label}${fit ? " (fitted to the schema)" : ""} in "${field}"`, base, body);
    },
  },
  {
    name: "hostile number",
    applies: hasBodyFields,
    build(ctx, base) {
      const [field] = pickField(ctx, (s) => schemaTypes(s).some((t) => t === "integer"));
      if (ctx.rng.chance(0.5)) {
        const [label, value] = ctx.rng.pick(HOSTILE_NUMBERS);
        return jsonCase(
          `number ${label} as "${field}"`,
          base,
          JSON.stringify({ ...base.body, [field]: value }),
        );
      }
      const token = ctx.rng.pick(RAW_NUMBER_TOKENS);
      return jsonCase(`raw token ${token} as "${field}"`, base, withRawField(base, field, token));
    },
  },
];
