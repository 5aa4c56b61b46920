import assert from "node:assert/strict";
// @ts-types="npm:@types/pg@8.15.6"
import pg from "pg";

export interface FaultAccount {
  userId: string;
  token: string;
}

export interface FaultFixtures {
  /** Creators who write during the load. */
  writers: FaultAccount[];
  /** Creators who read signed in during the load. */
  readers: FaultAccount[];
  /** Published public pitches that anonymous and signed-in readers fetch by id. */
  readablePitchIds: string[];
  /** Anonymous list queries (first pages, so they are cacheable). */
  listQueries: string[];
}

/**
 * Signs up the suite's accounts through the API, puts each on the studio plan (a subscription row
 * written before any of them makes a signed-in request, as an applied webhook would), and has one
 * of them publish the pitches the readers fetch. The studio plan's 3,000 requests a minute keep
 * rate limits out of the way of a load test.
 */
export async function createFixtures(
  options: { url: string; databaseUrl: string; writers: number; readers: number; pitches: number },
): Promise<FaultFixtures> {
  const accounts: FaultAccount[] = [];
  for (let i = 0; i < options.writers + options.readers + 1; i++) {
    accounts.push(await signUp(options.url, i));
  }
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    for (const { userId } of accounts) {
      await client.query(
        `insert into subscriptions
           (user_id, subscription_id, customer_id, plan, status, provider_updated_at)
         values ($1, 'sub_' || $1, 'cus_' || $1, 'studio', 'active', now())`,
        [userId],
      );
    }
  } finally {
    await client.end();
  }
  const [owner, ...rest] = accounts;
  const readablePitchIds: string[] = [];
  for (let i = 0; i < options.pitches; i++) {
    const id = await post(options.url, "/v1/pitches", owner!.token, {
      title: `Readable pitch ${i}`,
      logline: "Read by everyone while the suite breaks things",
      genre: i % 2 === 0 ? "drama" : "comedy",
      format: "feature",
      tags: ["readable"],
      visibility: "public",
    }, 201);
    await post(options.url, `/v1/pitches/${id}/publish`, owner!.token, undefined, 200);
    readablePitchIds.push(id);
  }
  return {
    writers: rest.slice(0, options.writers),
    readers: rest.slice(options.writers),
    readablePitchIds,
    listQueries: [
      "limit=10",
      "limit=10&genre=drama",
      "limit=5&sort=trending",
      "limit=10&tag=readable",
    ],
  };
}

/** Reads everything the cached-read clients will ask for once, so the fault meets warm caches. */
export async function warmUp(url: string, fixtures: FaultFixtures): Promise<void> {
  const paths = [
    ...fixtures.readablePitchIds.map((id) => `/v1/pitches/${id}`),
    ...fixtures.listQueries.map((q) => `/v1/pitches?${q}`),
  ];
  for (const path of paths) await expectOk(url, path);
  for (const reader of fixtures.readers) {
    await expectOk(url, "/v1/me/entitlements", reader.token);
    for (const id of fixtures.readablePitchIds) {
      await expectOk(url, `/v1/pitches/${id}`, reader.token);
    }
  }
}

async function signUp(url: string, i: number): Promise<FaultAccount> {
  const response = await fetch(`${url}/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: `faults-${i}-${crypto.randomUUID().slice(0, 8)}@example.com`,
      password: `fault suite password ${crypto.randomUUID()}`,
      name: `Fault suite ${i}`,
      role: "creator",
    }),
  });
  const text = await response.text();
  assert.equal(response.status, 201, `sign-up failed: ${text}`);
  const body = JSON.parse(text) as { user: { id: string }; session: { token: string } };
  return { userId: body.user.id, token: body.session.token };
}

async function post(
  url: string,
  path: string,
  token: string,
  body: unknown,
  expected: number,
): Promise<string> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.equal(response.status, expected, `POST ${path} failed: ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

async function expectOk(url: string, path: string, token?: string): Promise<void> {
  const response = await fetch(`${url}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  assert.equal(response.status, 200, `GET ${path} failed: ${text}`);
}
