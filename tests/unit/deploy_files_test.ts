import assert from "node:assert/strict";
import { parse } from "yaml";

/**
 * The deploy configuration is read by tools we cannot run here (Deno Deploy's builder, GitHub
 * Actions): these tests hold the files to what those tools need and what the README promises.
 */

const ROOT = new URL("../../", import.meta.url);

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(new URL(path, ROOT)));
}

Deno.test("deno.json's deploy block runs src/main.ts and migrates before each rollout", async () => {
  const config = await readJson("deno.json");
  const deploy = config.deploy as Record<string, unknown>;
  const tasks = config.tasks as Record<string, string>;
  const runtime = deploy.runtime as Record<string, unknown>;
  assert.equal(runtime.type, "dynamic", JSON.stringify(deploy));
  assert.equal(runtime.entrypoint, "src/main.ts", JSON.stringify(deploy));
  await Deno.stat(new URL(String(runtime.entrypoint), ROOT));
  assert.equal(deploy.predeploy, "deno task db:migrate", JSON.stringify(deploy));
  assert.ok(tasks["db:migrate"], "the predeploy task does not exist");
  assert.match(tasks.deploy ?? "", /scripts\/deploy\.ts$/, JSON.stringify(tasks));
});

interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, {
    needs?: string;
    if?: string;
    services?: Record<string, { image: string }>;
    steps: Array<{ run?: string; uses?: string; env?: Record<string, string> }>;
  }>;
}

Deno.test(".github/workflows/ci.yml runs .ci/run on every push and deploys main", async (t) => {
  const text = await Deno.readTextFile(new URL(".github/workflows/ci.yml", ROOT));
  const workflow = parse(text) as Workflow;

  await t.step("the test job runs on every push with Postgres and Redis services", () => {
    assert.ok("push" in workflow.on, JSON.stringify(workflow.on));
    const test = workflow.jobs.test!;
    const images = Object.values(test.services ?? {}).map((s) => s.image);
    assert.ok(images.some((image) => image.startsWith("postgres:")), JSON.stringify(images));
    assert.ok(images.some((image) => image.startsWith("redis:")), JSON.stringify(images));
    const runs = test.steps.map((s) => s.run ?? "");
    assert.ok(runs.includes("bash .ci/run"), JSON.stringify(runs));
    assert.ok(runs.some((run) => run.includes("npx -y deno@2")), JSON.stringify(runs));
    // The fault suite runs initdb/pg_ctl and redis-server itself: the clients alone are not enough.
    const install = runs.find((run) => run.includes("apt-get install")) ?? "";
    for (const pkg of ["postgresql", "redis-server", "redis-tools"]) {
      assert.match(install, new RegExp(`\\s${pkg}(\\s|$)`), install);
    }
  });

  await t.step("the deploy job runs deno task deploy on main with DENO_DEPLOY_TOKEN", () => {
    const deploy = workflow.jobs.deploy!;
    assert.equal(deploy.needs, "test");
    assert.match(deploy.if ?? "", /refs\/heads\/main/, JSON.stringify(deploy));
    const step = deploy.steps.find((s) => s.run?.includes("task deploy"));
    assert.ok(step, JSON.stringify(deploy.steps));
    assert.equal(step.env?.DENO_DEPLOY_TOKEN, "${{ secrets.DENO_DEPLOY_TOKEN }}");
    assert.equal(step.env?.APP_ENV, "production");
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((s) => s.run ?? ""));
    assert.ok(!runs.some((run) => run.includes("deployctl")), "deployctl is retired");
  });

  await t.step("the deploy step carries every variable production requires", async () => {
    const env = workflow.jobs.deploy!.steps.find((s) => s.run?.includes("task deploy"))!.env!;
    const { checkProduction } = await import("../../src/config/environment.ts");
    const { envSchema } = await import("../../src/config/env_schema.ts");
    const placeholders = Object.fromEntries(Object.keys(env).map((name) => [name, "x"]));
    const parsed = envSchema.parse({
      ...placeholders,
      PUBLIC_URL: "https://api.example",
      MAIL_PROVIDER: "resend",
      APP_SECRET: "x".repeat(32),
      UPSTASH_REDIS_REST_URL: "https://x.example",
      REGION: "us",
      APP_ENV: "production",
    });
    const problems: string[] = [];
    checkProduction(parsed, problems);
    assert.deepEqual(problems, []);
  });
});
