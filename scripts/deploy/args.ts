/** What `deno task deploy` was asked to do. */
export interface DeployArgs {
  /** Run the preflight, then print the deploy command instead of running it. */
  dryRun: boolean;
  /** Skip `deno task ok` (CI runs it in its own job first). */
  skipTests: boolean;
  /** Everything after `--`, handed to `deno deploy` (`--org`, `--app`, `--non-interactive`). */
  deployFlags: string[];
}

export const USAGE = "Usage: deno task deploy [--dry-run] [--skip-tests] [-- <deno deploy flags>]";

/** Parses the arguments; throws a `TypeError` naming an unknown flag. */
export function parseDeployArgs(args: string[]): DeployArgs {
  const split = args.indexOf("--");
  const own = split === -1 ? args : args.slice(0, split);
  const deployFlags = split === -1 ? [] : args.slice(split + 1);
  const parsed: DeployArgs = { dryRun: false, skipTests: false, deployFlags };
  for (const arg of own) {
    if (arg === "--dry-run") parsed.dryRun = true;
    else if (arg === "--skip-tests") parsed.skipTests = true;
    else throw new TypeError(`Unknown argument "${arg}"; ${USAGE}`);
  }
  // `--prod` is always passed; a second one, or `--help`, would change what runs.
  for (const flag of deployFlags) {
    if (flag === "--prod" || flag === "-h" || flag === "--help") {
      throw new TypeError(`Flag "${flag}" cannot be passed to deno deploy here; ${USAGE}`);
    }
  }
  return parsed;
}

/** The command the last step runs, as argv after the deno executable. */
export function deployCommand(args: DeployArgs): string[] {
  return ["deploy", "--prod", ...args.deployFlags];
}
