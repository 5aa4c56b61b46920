/** One megabyte: the app's body limit, and the size of the "huge" strings. */
export const ONE_MB = 1024 * 1024;

/** Nesting depth of the "deeply nested JSON" cases. */
export const DEEP_LEVELS = 10_000;

/** Strings that break naive code: control bytes, broken UTF-16, prototype keys, injections. */
export const HOSTILE_STRINGS: ReadonlyArray<readonly [label: string, value: string]> = [
  ["a NUL byte", "fuzz\u0000value"],
  ["only NUL bytes", "\u0000\u0000\u0000"],
  ["a lone high surrogate", "fuzz\ud800value"],
  ["a lone low surrogate", "\udc00fuzz"],
  ["reversed surrogates", "\udc00\ud800"],
  ["emoji and combining marks", "🎬 pi\u0301tch 👩‍👩‍👧 ẗ̴̡̛"],
  ["right-to-left override", "\u202etxt.exe"],
  ["line and paragraph separators", "a\u2028b\u2029c"],
  ["zero-width and BOM characters", "\u200b\ufeff\u200d"],
  ["control characters", "\u0001\u0002\u001b[31m\u007f"],
  ["CRLF", "line\r\nSet-Cookie: x=1"],
  ["whitespace only", "   \t  "],
  ["empty string", ""],
  ["__proto__", "__proto__"],
  ["constructor", "constructor"],
  ["prototype", "prototype"],
  ["toString", "toString"],
  ["hasOwnProperty", "hasOwnProperty"],
  ["SQL injection", "' OR 1=1; DROP TABLE users; --"],
  ["LIKE wildcards", "%_%\\"],
  ["full-text operators", "a & | ! <-> :* ( ) '\" -"],
  ["HTML", "<script>alert(1)</script>"],
  ["path traversal", "../../../etc/passwd"],
  ["percent escapes", "%00%zz%"],
  ["a number as text", "1e308"],
  ["NaN as text", "NaN"],
  ["Infinity as text", "Infinity"],
  ["a very long word", "w".repeat(5_000)],
  ["many words", "word ".repeat(2_000)],
];

/** Text no UTF-8 database column can hold as sent: NUL and unpaired UTF-16 surrogates. */
export const BROKEN_TEXT: ReadonlyArray<readonly [label: string, value: string]> = [
  ["a NUL byte", "broken\u0000text"],
  ["a lone high surrogate", "broken\ud800text"],
  ["a lone low surrogate", "\udfffbroken text"],
  ["reversed surrogates", "broken \udc00\ud800 text"],
];

/** Numbers at and past every edge, as JSON numbers. */
export const HOSTILE_NUMBERS: ReadonlyArray<readonly [label: string, value: number]> = [
  ["-1", -1],
  ["0", 0],
  ["-0", -0],
  ["0.5", 0.5],
  ["1e308", 1e308],
  ["-1e308", -1e308],
  ["2**53+1", 2 ** 53 + 1],
  ["2**31", 2 ** 31],
  ["-2**63", -(2 ** 63)],
  ["5e-324", 5e-324],
];

/**
 * Number-ish JSON tokens that JSON.stringify cannot write: `1e999` parses to Infinity, the others
 * are invalid JSON, and strings that only look like numbers.
 */
export const RAW_NUMBER_TOKENS: readonly string[] = [
  "1e999",
  "-1e999",
  "NaN",
  "Infinity",
  "-Infinity",
  '"NaN"',
  '"Infinity"',
  '"1e308"',
  "9007199254740993",
  "123456789012345678901234567890",
  "0x10",
  "01",
  "1.",
  "-",
];

/** A JSON text nested `levels` deep, as an object chain or an array chain. */
export function deeplyNested(levels: number, shape: "object" | "array"): string {
  return shape === "object"
    ? '{"a":'.repeat(levels) + "1" + "}".repeat(levels)
    : "[".repeat(levels) + "]".repeat(levels);
}

/** A JSON array text of `count` small items. */
export function hugeArray(count: number, item = "0"): string {
  return `[${Array.from({ length: count }, () => item).join(",")}]`;
}
