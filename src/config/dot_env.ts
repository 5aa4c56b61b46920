import { ConfigError } from "./load_config.ts";

/**
 * Local development keeps its settings in a `.env` file; production sets real environment
 * variables. The file is read only when it exists (a missing one is the normal case, not an
 * error), and a variable already set in the environment wins over the file, as with Deno's
 * `--env-file`. `ENV_FILE` names another file; `ENV_FILE=none` reads none (tests that spawn the
 * server use it, so a developer's `.env` never leaks into them).
 */
export function withDotEnv(
  env: Record<string, string | undefined>,
  readFile: (path: string) => string | undefined = readIfExists,
): Record<string, string | undefined> {
  const path = env.ENV_FILE || ".env";
  if (path === "none") return env;
  const text = readFile(path);
  if (text === undefined) return env;
  const { values, problems } = parseDotEnv(text);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${path}: ${p}`));
  return { ...values, ...definedOnly(env) };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `NAME=value` lines; `#` starts a comment line, or an inline comment after a space in an unquoted
 * value; `export ` before a name is allowed. `"..."` values take `\n`, `\"` and `\\` escapes,
 * `'...'` values are literal. A value is one line.
 */
export function parseDotEnv(text: string): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const assignment = line.replace(/^export\s+/, "");
    const equals = assignment.indexOf("=");
    const name = assignment.slice(0, Math.max(equals, 0)).trim();
    const value = equals > 0 ? parseValue(assignment.slice(equals + 1).trim()) : undefined;
    if (!NAME.test(name) || value === undefined) {
      problems.push(`line ${index + 1}: expected NAME=value, got "${line}"`);
      return;
    }
    values[name] = value;
  });
  return { values, problems };
}

/** The value after `=`, or undefined when a quote is left open. */
function parseValue(text: string): string | undefined {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const end = closingQuote(text, quote);
    if (end < 0) return undefined;
    const inner = text.slice(1, end);
    return quote === "'" ? inner : inner.replace(/\\([n"\\])/g, (_, c) => c === "n" ? "\n" : c);
  }
  return text.replace(/\s+#.*$/, "");
}

function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (quote === '"' && text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function readIfExists(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
