import type { Env } from "./env_schema.ts";
import type { EnvironmentConfig, TimelineKind } from "./types.ts";

/**
 * Where the process runs and what it is for: production or not, on Deno Deploy or not, and on
 * which Deploy timeline. Production is `APP_ENV=production`, or Deploy's production timeline.
 */
export function pickEnvironment(e: Env): EnvironmentConfig {
  // DENO_DEPLOY is what the new platform sets; DENO_DEPLOYMENT_ID is set there too.
  const onDeploy = Boolean(e.DENO_DEPLOY || e.DENO_DEPLOYMENT_ID);
  const timeline = onDeploy ? e.DENO_TIMELINE : undefined;
  const timelineKind = timelineKindOf(timeline);
  const production = e.APP_ENV === "production" || timelineKind === "production";
  return {
    mode: production ? "production" : "development",
    platform: onDeploy ? "deno-deploy" : "self-hosted",
    timeline,
    timelineKind,
  };
}

function timelineKindOf(timeline: string | undefined): TimelineKind {
  if (timeline === undefined) return "none";
  if (timeline === "production") return "production";
  if (timeline.startsWith("git-branch/")) return "branch";
  if (timeline.startsWith("preview/")) return "preview";
  // An unknown timeline name is treated like a branch: never production's schedules or database.
  return "branch";
}

/**
 * The region named in `X-Region` and on every log line. The new Deno Deploy exposes no region to
 * the app (no `DENO_REGION`), so it comes from `REGION`; on Deploy without it we say "unknown"
 * rather than pretend to know.
 */
export function pickRegion(e: Env, environment: EnvironmentConfig): string {
  return e.REGION ?? (environment.platform === "deno-deploy" ? "unknown" : "local");
}

const PRODUCTION_REQUIRED = [
  ["DATABASE_URL", "a real Postgres; the embedded PGlite keeps data on one machine"],
  ["PUBLIC_URL", "an https:// origin that QStash, Stripe and email links reach"],
  ["APP_SECRET", "signs cursors, unsubscribe links and tokens across instances"],
  ["QSTASH_TOKEN", "jobs and schedules go through QStash"],
  ["QSTASH_CURRENT_SIGNING_KEY", "job deliveries are verified with it"],
  ["QSTASH_NEXT_SIGNING_KEY", "job deliveries are verified with it during key rotation"],
  ["STRIPE_SECRET_KEY", "offline billing would hand out paid plans for free"],
  ["STRIPE_WEBHOOK_SECRET", "billing events are verified with it"],
  ["STRIPE_PRICE_PRO_MONTH", "a price id per paid plan and interval"],
  ["STRIPE_PRICE_PRO_YEAR", "a price id per paid plan and interval"],
  ["STRIPE_PRICE_STUDIO_MONTH", "a price id per paid plan and interval"],
  ["STRIPE_PRICE_STUDIO_YEAR", "a price id per paid plan and interval"],
  ["RESEND_API_KEY", "email is sent through Resend"],
  ["MAIL_FROM", "the sender of every email"],
] as const;

/**
 * Production refuses every embedded or offline stand-in. Appends one problem per missing or
 * wrong variable and returns the names it reported, so looser rules about the same variables
 * ("set both or neither") are not repeated.
 */
export function checkProduction(e: Env, problems: string[]): Set<string> {
  const reported = new Set<string>();
  const report = (name: string, problem: string) => {
    reported.add(name);
    problems.push(`${name}: ${problem}`);
  };
  for (const [name, why] of PRODUCTION_REQUIRED) {
    if (e[name] === undefined) report(name, `required in production (${why})`);
  }
  if (e.DATABASE_DRIVER === "pglite") {
    report("DATABASE_DRIVER", '"pglite" is not allowed in production (data must outlive the host)');
  }
  if (e.MAIL_PROVIDER !== "resend") {
    report(
      "MAIL_PROVIDER",
      `must be "resend" in production, got "${e.MAIL_PROVIDER}" (the dev mailer sends nothing)`,
    );
  }
  if (e.PUBLIC_URL !== undefined && new URL(e.PUBLIC_URL).protocol !== "https:") {
    report("PUBLIC_URL", `must be an https:// URL in production, got "${e.PUBLIC_URL}"`);
  }
  return reported;
}

/**
 * A process that is not production (a Deploy branch or preview timeline, a laptop) must not reach
 * the production database, whose URL may be given as `PRODUCTION_DATABASE_URL` for this check.
 */
export function checkDatabaseIsolation(
  e: Env,
  environment: EnvironmentConfig,
  problems: string[],
): void {
  const guard = e.PRODUCTION_DATABASE_URL;
  if (!guard || !e.DATABASE_URL) return;
  const productionProcess = environment.mode === "production" &&
    (environment.timelineKind === "production" || environment.timelineKind === "none");
  if (productionProcess) return;
  if (sameDatabase(e.DATABASE_URL, guard)) {
    const where = environment.timeline ? `timeline "${environment.timeline}"` : "development";
    problems.push(
      `DATABASE_URL: is the production database (PRODUCTION_DATABASE_URL) on ${where}; ` +
        "give this context its own database",
    );
  }
}

/**
 * Same server and database name, whatever the credentials or options. Neon's pooled host
 * (`ep-x-pooler.region...`) and direct host (`ep-x.region...`) reach the same database.
 */
export function sameDatabase(a: string, b: string): boolean {
  const key = (url: string) => {
    try {
      const parsed = new URL(url);
      const host = parsed.hostname.toLowerCase().replace(/^([^.]+)-pooler\./, "$1.");
      const name = decodeURIComponent(parsed.pathname.replace(/^\//, "")) || "postgres";
      return `${host}:${parsed.port || "5432"}/${name}`;
    } catch {
      return url;
    }
  };
  return key(a) === key(b);
}
