import assert from "node:assert/strict";
import { startServer } from "../support/server_process.ts";
import {
  announcedStatuses,
  CURL_RECORDER,
  curlCalls,
  TOUR_API_LINE,
  tourScript,
} from "../support/readme_tour.ts";

/**
 * The README's five-minute tour, run as a newcomer would: its shell blocks, unchanged, through
 * bash, curl and jq, against the real `src/main.ts` on the embedded defaults. Each request must get
 * the status the README announces for it, so the test fails when the tour drifts from the API.
 */

const README = new URL("../../README.md", import.meta.url);
const TOOLS = ["bash", "curl", "jq"];

Deno.test({
  name: "README tour: every request gets the status the README shows",
  ignore: !TOOLS.every(onPath),
  async fn(t) {
    const script = tourScript(await Deno.readTextFile(README));
    const expected = announcedStatuses(script);

    await t.step("every curl call of the tour is announced with its status", () => {
      assert.ok(expected.length > 0, "the tour announces no status");
      assert.equal(curlCalls(script), expected.length, `statuses ${expected.join(" ")}`);
      assert.ok(script.includes(TOUR_API_LINE), `the tour must start with ${TOUR_API_LINE}`);
    });

    const work = await Deno.makeTempDir({ prefix: "pitchey-tour-" });
    // The offline checkout links to PUBLIC_URL, so the server must know its own port up front.
    const port = freePort();
    const api = `http://127.0.0.1:${port}`;
    // Settings come from an .env file as a newcomer's would; the port from the environment wins.
    await Deno.writeTextFile(
      `${work}/.env`,
      `PUBLIC_URL=${api}\nPGLITE_DATA_DIR=${work}/pglite\nPORT=1\n`,
    );
    const server = await startServer({ PORT: String(port), ENV_FILE: `${work}/.env` });
    try {
      await t.step("the tour runs to the end with the announced statuses", async () => {
        const log = `${work}/statuses.log`;
        const run = await new Deno.Command("bash", {
          args: ["-c", CURL_RECORDER + script.replace(TOUR_API_LINE, `API=${api}`)],
          cwd: work,
          env: { TOUR_STATUS_LOG: log },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const out = new TextDecoder().decode(run.stdout);
        const err = new TextDecoder().decode(run.stderr);
        const got = (await Deno.readTextFile(log).catch(() => "")).split("\n").filter(Boolean)
          .map(Number);
        assert.deepEqual(got, expected, `stdout:\n${out}\nstderr:\n${err}`);
        assert.equal(run.code, 0, `stdout:\n${out}\nstderr:\n${err}`);
      });
    } finally {
      await server.dispose();
      await Deno.remove(work, { recursive: true });
    }
  },
});

function onPath(tool: string): boolean {
  const dirs = (Deno.env.get("PATH") ?? "").split(":");
  return dirs.some((dir) => {
    try {
      return Deno.statSync(`${dir}/${tool}`).isFile;
    } catch {
      return false;
    }
  });
}

/** A port free a moment ago: the listener is closed before the server takes it. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}
