import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users } from "../../src/db/tables/users.ts";
import type { Harness } from "./harness.ts";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  name: string;
  role: "creator" | "investor" | "admin";
  token: string;
}

let counter = 0;

/** Sign-up input with unique, valid values; override any field. */
export function randomUser(
  overrides: Partial<Record<"email" | "password" | "name" | "role", string>> = {},
) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
  return {
    email: `user-${tag}@example.com`,
    password: `correct horse ${tag}`,
    name: `Test User ${counter}`,
    role: "creator",
    ...overrides,
  };
}

/** Signs a user up through the API and returns its credentials; `admin` is promoted in the database. */
export async function signUpUser(
  h: Harness,
  overrides: Partial<Record<"email" | "password" | "name", string>> & {
    role?: "creator" | "investor" | "admin";
    /** Marks the email verified, as following the welcome link would (API keys need it). */
    verified?: boolean;
  } = {},
): Promise<TestUser> {
  const { role = "creator", verified = false, ...rest } = overrides;
  const input = randomUser({ ...rest, role: role === "admin" ? "creator" : role });
  const response = await h.app.request("/v1/auth/signup", jsonRequest("POST", input));
  const text = await response.text();
  assert.equal(response.status, 201, `sign-up failed: ${text}`);
  const body = JSON.parse(text) as { user: { id: string }; session: { token: string } };
  if (role === "admin") {
    await h.deps.database.db.update(users).set({ role: "admin" }).where(eq(users.id, body.user.id));
  }
  if (verified) await markEmailVerified(h, body.user.id);
  return {
    id: body.user.id,
    email: input.email,
    password: input.password,
    name: input.name,
    role,
    token: body.session.token,
  };
}

/** A JSON request, optionally authenticated with a bearer token. */
export function jsonRequest(method: string, body?: unknown, token?: string): RequestInit {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

/** Headers carrying a bearer token. */
export function bearer(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** The `env` argument of `app.request` that makes a request come from `ip` (see `clientIp`). */
export function fromIp(ip: string) {
  return { remoteAddr: { hostname: ip, port: 40000, transport: "tcp" } };
}

/** Marks a user's email verified, as following the welcome link would (API keys need it). */
export async function markEmailVerified(h: Harness, userId: string): Promise<void> {
  await h.deps.db.update(users).set({ emailVerifiedAt: new Date(h.clock.now()) })
    .where(eq(users.id, userId));
}
