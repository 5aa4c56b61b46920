/**
 * A deliberately small TypeScript tokenizer: just enough to tell code from comments, strings,
 * template literals and regex literals, so an import-looking phrase inside any of those (a doc
 * comment quoting `from "x"`, a test fixture string) is never mistaken for a real import.
 */

export type Token = { kind: "word" | "string" | "punct"; text: string };

const WORD_CHAR = /[\p{ID_Continue}$]/u;
// After these words a `/` starts a regex, not a division.
const KEYWORDS_BEFORE_EXPRESSION = new Set([
  "return",
  "typeof",
  "case",
  "do",
  "else",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "instanceof",
  "yield",
  "await",
]);

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  // Brace depth at which each open `${` began, so its closing `}` resumes the template.
  const substitutions: number[] = [];
  let depth = 0;
  let i = 0;
  const template = (from: number) => {
    const chunk = readTemplateChunk(source, from);
    if (chunk.opensSubstitution) substitutions.push(depth);
    // Only a template with no substitutions is a literal an import could use.
    const literal = source[from - 1] === "`" && !chunk.opensSubstitution;
    tokens.push(
      literal ? { kind: "string", text: source.slice(from, chunk.end - 1) } : {
        kind: "punct",
        text: "`",
      },
    );
    return chunk.end;
  };
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (/\s/.test(c)) i++;
    else if (c === "/" && next === "/") i = indexOrEnd(source, "\n", i);
    else if (c === "/" && next === "*") i = indexOrEnd(source, "*/", i + 2) + 2;
    else if (c === '"' || c === "'") {
      const end = readQuoted(source, i + 1, c);
      tokens.push({ kind: "string", text: source.slice(i + 1, end - 1) });
      i = end;
    } else if (c === "`") i = template(i + 1);
    else if (c === "}" && substitutions.at(-1) === depth) {
      substitutions.pop();
      i = template(i + 1);
    } else if (c === "/" && regexMayStart(tokens.at(-1))) {
      i = readRegex(source, i + 1);
      tokens.push({ kind: "punct", text: "regex" });
    } else if (WORD_CHAR.test(c)) {
      let end = i + 1;
      while (end < source.length && WORD_CHAR.test(source[end]!)) end++;
      tokens.push({ kind: "word", text: source.slice(i, end) });
      i = end;
    } else {
      if (c === "{") depth++;
      if (c === "}") depth--;
      tokens.push({ kind: "punct", text: c });
      i++;
    }
  }
  return tokens;
}

function indexOrEnd(source: string, needle: string, from: number): number {
  const at = source.indexOf(needle, from);
  return at < 0 ? source.length : at;
}

/** Returns the index just past the closing quote. */
function readQuoted(source: string, from: number, quote: string): number {
  let i = from;
  while (i < source.length && source[i] !== quote && source[i] !== "\n") {
    i += source[i] === "\\" ? 2 : 1;
  }
  return i + 1;
}

function readTemplateChunk(source: string, from: number) {
  let i = from;
  while (i < source.length) {
    if (source[i] === "\\") i += 2;
    else if (source[i] === "`") return { end: i + 1, opensSubstitution: false };
    else if (source[i] === "$" && source[i + 1] === "{") {
      return { end: i + 2, opensSubstitution: true };
    } else i++;
  }
  return { end: source.length, opensSubstitution: false };
}

function regexMayStart(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === "word") return KEYWORDS_BEFORE_EXPRESSION.has(previous.text);
  if (previous.kind === "string") return false;
  return ![")", "]", "}", "regex", "`"].includes(previous.text);
}

function readRegex(source: string, from: number): number {
  let i = from;
  let inClass = false;
  while (i < source.length && source[i] !== "\n") {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) break;
    i++;
  }
  i++;
  while (i < source.length && WORD_CHAR.test(source[i]!)) i++;
  return i;
}
