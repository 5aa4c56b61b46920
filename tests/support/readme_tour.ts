/**
 * Reads the README's five-minute tour: the `sh` blocks between the `tour: begin` and `tour: end`
 * markers, and the status each request is annotated with (a `# 201 ...` comment line before the
 * command that makes it). The tour test runs the blocks as written, so these helpers only find
 * them and never rewrite a request.
 */

export const TOUR_BEGIN = "<!-- tour: begin -->";
export const TOUR_END = "<!-- tour: end -->";
/** The line the tour starts with; the test points it at the server it started. */
export const TOUR_API_LINE = "API=http://localhost:8000";

/** The shell code of every `sh` block of the tour, in order, joined into one script. */
export function tourScript(readme: string): string {
  const start = readme.indexOf(TOUR_BEGIN);
  const end = readme.indexOf(TOUR_END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no tour between "${TOUR_BEGIN}" and "${TOUR_END}"`);
  }
  const section = readme.slice(start, end);
  const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
  if (blocks.length === 0) throw new Error("The README's tour has no sh block");
  return blocks.join("\n");
}

/** The statuses the tour's comments announce (`# 201 ...`), one per request, in order. */
export function announcedStatuses(script: string): number[] {
  return [...script.matchAll(/^# (\d{3})\b/gm)].map((match) => Number(match[1]));
}

/** How many times the script calls curl (outside comments). */
export function curlCalls(script: string): number {
  return script.split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .reduce((count, line) => count + (line.match(/(^|[\s($|])curl\s/g)?.length ?? 0), 0);
}

/**
 * Prepended to the tour: `curl` becomes a function that runs the real curl, appends the status it
 * got to `$TOUR_STATUS_LOG` and prints the body where curl would, so pipes into jq work unchanged.
 * Every command must succeed (`set -euo pipefail`): a step that breaks stops the run.
 */
export const CURL_RECORDER = `set -euo pipefail
curl() {
  local body code
  body=$(mktemp)
  if ! code=$(command curl -sS -o "$body" -w '%{http_code}' "$@"); then
    echo "curl failed: curl $*" >&2
    rm -f "$body"
    return 22
  fi
  echo "$code" >> "$TOUR_STATUS_LOG"
  cat "$body"
  rm -f "$body"
}
`;
