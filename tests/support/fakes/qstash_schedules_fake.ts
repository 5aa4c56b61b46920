import { signQstashJwt } from "./qstash_fake.ts";

/** A schedule as QStash's `GET /v2/schedules` returns it (the fields the sync reads, and a few). */
export interface FakeSchedule {
  scheduleId: string;
  cron: string;
  destination: string;
  method: string;
  header: Record<string, string[]>;
  body: string;
  retries: number;
  createdAt: number;
  isPaused: boolean;
  failureCallback?: string;
}

export interface QstashSchedulesFake {
  /** Base URL to hand the real `Client` as `baseUrl`. */
  url: string;
  /** Current schedules by id. Tests may seed or inspect it. */
  schedules: Map<string, FakeSchedule>;
  /** Every API call, as "METHOD /path" (destination left out), for idempotency checks. */
  calls: string[];
  /**
   * The delivery QStash would make when the schedule fires: a POST of its body to its destination,
   * signed with the current signing key, with a fresh `Upstash-Message-Id` and the schedule id.
   */
  fire(scheduleId: string): Promise<Request>;
  close(): Promise<void>;
}

const PREFIX = "/v2/schedules";

/**
 * A loopback fake of QStash's schedules API for the real `@upstash/qstash` client:
 * `POST /v2/schedules/<destination>` with `Upstash-Cron` (and `Upstash-Schedule-Id` to create or
 * overwrite one id, as QStash does), `GET /v2/schedules`, `GET` and `DELETE /v2/schedules/<id>`.
 * Bearer auth; 400 without a cron, 404 for an unknown id.
 */
export function startQstashSchedulesFake(options: {
  token: string;
  currentSigningKey: string;
}): Promise<QstashSchedulesFake> {
  const schedules = new Map<string, FakeSchedule>();
  const calls: string[] = [];

  const handle = (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(PREFIX)) return Promise.resolve(error(404, "not found"));
    if (request.headers.get("authorization") !== `Bearer ${options.token}`) {
      return Promise.resolve(error(401, "Unauthorized"));
    }
    const rest = url.pathname.slice(PREFIX.length + 1);
    if (request.method === "POST") {
      calls.push("POST /v2/schedules");
      return create(rest + url.search, request);
    }
    calls.push(`${request.method} ${url.pathname}`);
    return Promise.resolve(read(request.method, decodeURIComponent(rest)));
  };

  const read = (method: string, id: string): Response => {
    if (method === "GET" && id === "") return Response.json([...schedules.values()]);
    const schedule = schedules.get(id);
    if (!schedule) return error(404, "schedule not found");
    if (method === "GET") return Response.json(schedule);
    if (method === "DELETE") {
      schedules.delete(schedule.scheduleId);
      return new Response(null, { status: 200 });
    }
    return error(405, "method not allowed");
  };

  const create = async (destination: string, request: Request): Promise<Response> => {
    const cron = request.headers.get("upstash-cron");
    if (!cron) return error(400, "Upstash-Cron header is required");
    if (!/^https?:\/\//.test(destination)) return error(400, "invalid destination url");
    const scheduleId = request.headers.get("upstash-schedule-id") ??
      `scd_${crypto.randomUUID().replaceAll("-", "")}`;
    const header: Record<string, string[]> = {};
    for (const [name, value] of request.headers) {
      if (name === "content-type") header["Content-Type"] = [value];
      if (name.startsWith("upstash-forward-")) header[name.slice(16)] = [value];
    }
    // Same id: the old schedule is discarded and the new one used (QStash's documented upsert).
    schedules.set(scheduleId, {
      scheduleId,
      cron,
      destination,
      method: request.headers.get("upstash-method") ?? "POST",
      header,
      body: await request.text(),
      retries: Number(request.headers.get("upstash-retries") ?? 3),
      createdAt: Date.now(),
      isPaused: false,
      ...(request.headers.has("upstash-failure-callback")
        ? { failureCallback: request.headers.get("upstash-failure-callback")! }
        : {}),
    });
    return Response.json({ scheduleId }, { status: 201 });
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handle);

  return Promise.resolve({
    url: `http://127.0.0.1:${server.addr.port}`,
    schedules,
    calls,
    async fire(scheduleId) {
      const schedule = schedules.get(scheduleId);
      if (!schedule) throw new Error(`Cannot fire schedule "${scheduleId}": it does not exist`);
      const headers = new Headers({
        "Content-Type": schedule.header["Content-Type"]?.[0] ?? "application/octet-stream",
        "Upstash-Message-Id": `msg_${crypto.randomUUID().replaceAll("-", "")}`,
        "Upstash-Schedule-Id": schedule.scheduleId,
        "Upstash-Retried": "0",
        "Upstash-Signature": await signQstashJwt({
          key: options.currentSigningKey,
          destination: schedule.destination,
          body: schedule.body,
        }),
      });
      return new Request(schedule.destination, {
        method: schedule.method,
        headers,
        body: schedule.body,
      });
    },
    async close() {
      await server.shutdown();
    },
  });
}

function error(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}
