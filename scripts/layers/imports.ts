import { type Token, tokenize } from "./tokens.ts";

// Tokens that may appear between `import`/`export` and `from` in a module clause
// (`import type { A as B }, * as ns`); anything else means the statement has no `from`.
const CLAUSE_PUNCT = new Set(["{", "}", ",", "*"]);

/**
 * Every module specifier a file depends on: static and type-only imports, side-effect imports,
 * `export ... from`, and `import("...")` / `typeof import("...")` with a literal argument.
 * Type-only imports are included on purpose: a type dependency still couples the layers.
 */
export function importSpecifiers(source: string): string[] {
  const tokens = tokenize(source);
  const found = new Set<string>();
  tokens.forEach((token, i) => {
    if (token.kind !== "word" || tokens[i - 1]?.text === ".") return;
    if (token.text === "import") {
      const spec = importCall(tokens, i) ?? stringAt(tokens, i + 1) ?? clauseSource(tokens, i);
      if (spec !== undefined) found.add(spec);
    } else if (token.text === "export") {
      const spec = clauseSource(tokens, i);
      if (spec !== undefined) found.add(spec);
    }
  });
  return [...found];
}

/** Only `./` and `../` specifiers point into the tree; bare and `node:`/`npm:` ones never do. */
export function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../");
}

function importCall(tokens: Token[], at: number): string | undefined {
  if (tokens[at + 1]?.text !== "(") return undefined;
  const closing = tokens[at + 3]?.text;
  return closing === ")" || closing === "," ? stringAt(tokens, at + 2) : undefined;
}

function stringAt(tokens: Token[], at: number): string | undefined {
  const token = tokens[at];
  return token?.kind === "string" ? token.text : undefined;
}

function clauseSource(tokens: Token[], keyword: number): string | undefined {
  for (let j = keyword + 1; j < tokens.length; j++) {
    const token = tokens[j]!;
    if (token.kind === "word" && token.text === "from") {
      const spec = stringAt(tokens, j + 1);
      if (spec !== undefined) return spec;
    } else if (token.kind !== "word" && !CLAUSE_PUNCT.has(token.text)) return undefined;
  }
  return undefined;
}
