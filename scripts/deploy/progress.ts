/**
 * Numbered steps on stdout, one line as a step starts and one as it ends, so a CI log reads as
 * a checklist: `[2/4] Migrations` ... `      ok  9 applied, 0 pending`.
 */
export function createProgress(total: number, write: (line: string) => void = console.log) {
  let current = 0;
  const detail = (mark: string, lines: string[]) => {
    const [first = "", ...rest] = lines;
    write(`      ${mark.padEnd(7)} ${first}`);
    for (const line of rest) write(`              ${line}`);
  };
  return {
    start(title: string) {
      current += 1;
      write(`[${current}/${total}] ${title}`);
    },
    ok: (...lines: string[]) => detail("ok", lines),
    skip: (...lines: string[]) => detail("skipped", lines),
    fail: (...lines: string[]) => detail("FAILED", lines),
  };
}

/** A connection URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return "(unparsable URL)";
  }
}

/** Any `scheme://user:password@` in a message, with the password replaced. */
export function redactCredentials(text: string): string {
  return text.replace(/(\w+:\/\/[^:/@\s]+:)[^@\s]+@/g, "$1***@");
}
