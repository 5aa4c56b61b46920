import { bodyFields, type CaseKind, jsonCase } from "./fuzz_case.ts";
import { DEEP_LEVELS, deeplyNested, ONE_MB } from "./hostile_values.ts";

const takesBody = (op: Parameters<CaseKind["applies"]>[0]) => op.body !== undefined;

const INVALID_JSON: readonly string[] = [
  "{",
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  '{"a":1}trailing',
  "\ufeff{}",
  "/* comment */{}",
  '{"a":"raw \u0000 NUL"}',
  '{"a":"\\ud800"',
  '{"a":"\\x41"}',
  "undefined",
  "NaN",
  "{}{}",
  "[",
];

const NOT_OBJECTS: readonly string[] = ["null", "[]", '"text"', "0", "-1e999", "true", "[{}]"];

const WRONG_CONTENT_TYPES: readonly string[] = [
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----fuzz",
  "application/xml",
  "application/octet-stream",
  "application/json; charset=utf-16",
  "application/jsonp",
  "application/merge-patch+json",
  "APPLICATION/JSON",
  "application/json;;;",
  "*/*",
  "json",
];

/** Kinds that break the body's syntax, presence and media type. */
export const BODY_SYNTAX_KINDS: CaseKind[] = [
  {
    name: "missing or unknown fields",
    applies: takesBody,
    build(ctx, base) {
      const body = { ...base.body };
      const required = ctx.op.body?.schema.required ?? [];
      const variant = ctx.rng.int(3);
      if (variant === 0 && required.length > 0) {
        const field = ctx.rng.pick(required);
        delete body[field];
        return jsonCase(`required "${field}" missing`, base, JSON.stringify(body));
      }
      if (variant === 1) return jsonCase("empty object", base, "{}");
      body[`unexpected_${ctx.rng.int(100)}`] = "surplus";
      return jsonCase("an unknown field", base, JSON.stringify(body));
    },
  },
  {
    name: "duplicate keys",
    applies: (op) => bodyFields(op).length > 0,
    build(ctx, base) {
      const [field] = ctx.rng.pick(bodyFields(ctx.op));
      const rest = JSON.stringify(base.body ?? {}).slice(1);
      const body = `{"${field}":{"first":1},${rest === "}" ? '"x":1}' : rest}`;
      return jsonCase(`"${field}" twice, the first an object`, base, body);
    },
  },
  {
    name: "not an object",
    applies: takesBody,
    build: (ctx, base) => {
      const text = ctx.rng.pick(NOT_OBJECTS);
      return jsonCase(`body is ${text}`, base, text);
    },
  },
  {
    name: "invalid JSON",
    applies: takesBody,
    build(ctx, base) {
      if (ctx.rng.chance(0.25)) {
        const valid = JSON.stringify(base.body ?? {});
        const cut = ctx.rng.int(Math.max(valid.length - 1, 1));
        return jsonCase(`valid body cut after ${cut} characters`, base, valid.slice(0, cut));
      }
      const text = ctx.rng.pick(INVALID_JSON);
      return jsonCase(`invalid JSON ${JSON.stringify(text)}`, base, text);
    },
  },
  {
    name: "empty body",
    applies: takesBody,
    build(ctx, base) {
      const variant = ctx.rng.int(4);
      if (variant === 0) return jsonCase("no body, JSON content type", base, undefined);
      if (variant === 1) return jsonCase("empty body, JSON content type", base, "");
      if (variant === 2) return jsonCase("whitespace body", base, " \n\t ");
      return jsonCase("no body, no content type", base, undefined, "");
    },
  },
  {
    name: "wrong content type",
    applies: takesBody,
    build(ctx, base) {
      const type = ctx.rng.pick(WRONG_CONTENT_TYPES);
      const body = type.startsWith("application/x-www-form-urlencoded")
        ? "title=a&__proto__[polluted]=1&constructor[prototype][x]=1"
        : JSON.stringify(base.body ?? {});
      return jsonCase(`content type "${type}"`, base, body, type);
    },
  },
  {
    name: "unexpected body",
    applies: (op) => op.body === undefined && op.method !== "GET",
    build(ctx, base) {
      const variants: Array<[string, string, string]> = [
        ["invalid JSON", "{", "application/json"],
        [
          "prototype keys",
          '{"__proto__":{"fuzzPolluted":true},"constructor":{}}',
          "application/json",
        ],
        [`${DEEP_LEVELS} nested arrays`, deeplyNested(DEEP_LEVELS, "array"), "application/json"],
        ["a body over 1 MiB", `"${"b".repeat(ONE_MB)}"`, "application/json"],
        [
          "a form body",
          "token=%00&__proto__[x]=1&token=%ED%A0%80",
          "application/x-www-form-urlencoded",
        ],
        ["a text body", "hello", "text/plain"],
      ];
      const [label, body, type] = ctx.rng.pick(variants);
      return jsonCase(`unexpected body: ${label}`, base, body, type);
    },
  },
];
