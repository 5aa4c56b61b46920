import { recordFailedJob } from "../../src/services/jobs/record_failed_job.ts";
import { jsonRequest, signUpUser, type TestUser } from "../support/accounts.ts";
import { expectJson } from "../support/assertions.ts";
import type { Harness } from "../support/harness.ts";
import { createPitch } from "../support/pitches.ts";
import type { Operation } from "./openapi_operations.ts";
import type { Hints } from "./schema_values.ts";

/** Who sends a case: nobody, a creator with a session, or an admin with a session. */
export type IdentityName = "anonymous" | "creator" | "admin";

/**
 * Real resources for one operation's cases, made fresh for each operation so that what one
 * operation's cases change (a deleted pitch, a revoked key) never affects another's, and
 * `FUZZ_ONLY` reproduces an operation's cases exactly.
 */
export interface OperationFixture {
  creator: TestUser;
  admin?: TestUser;
  /** A valid value for each path parameter of the operation. */
  pathIds: Record<string, string>;
}

/** The resources a path's `{id}` names, by path prefix; the first match wins. */
const ID_SOURCES: ReadonlyArray<[RegExp, keyof Resources]> = [
  [/^\/v1\/pitches\//, "pitch"],
  [/^\/v1\/me\/api-keys\//, "apiKey"],
  [/^\/v1\/admin\/jobs\/failed\//, "failedJob"],
  [/^\/v1\/(users|admin\/users)\//, "otherUser"],
];

interface Resources {
  pitch: string;
  apiKey: string;
  failedJob: string;
  otherUser: string;
}

/** Builds the users and resources `op`'s cases point at. */
export async function createOperationFixture(h: Harness, op: Operation): Promise<OperationFixture> {
  const creator = await signUpUser(h, { role: "creator", verified: true });
  const admin = op.admin ? await signUpUser(h, { role: "admin", verified: true }) : undefined;
  const other = await signUpUser(h, { role: "investor" });
  const pitch = await createPitch(h, creator.token);
  const key = await expectJson<{ id: string }>(
    await h.app.request(
      "/v1/me/api-keys",
      jsonRequest("POST", { name: "fuzz", scopes: ["read", "write"] }, creator.token),
    ),
    201,
  );
  const failedJob = op.path.startsWith("/v1/admin/jobs/") ? await deadLetter(h) : "fjb_none";
  const resources: Resources = { pitch: pitch.id, apiKey: key.id, failedJob, otherUser: other.id };
  const pathIds: Record<string, string> = {};
  for (const param of op.params.filter((p) => p.in === "path")) {
    const source = ID_SOURCES.find(([pattern]) => pattern.test(op.path))?.[1];
    pathIds[param.name] = source ? resources[source] : OTHER_PATH_VALUES[param.name] ?? "fuzz";
  }
  return { creator, admin, pathIds };
}

/** Path values that are well formed but name nothing in particular. */
const OTHER_PATH_VALUES: Record<string, string> = {
  name: "send-email",
  sessionId: "cs_fuzz_unknown",
  customerId: "cus_fuzz_unknown",
  id: "exp_fuzzunknown",
};

async function deadLetter(h: Harness): Promise<string> {
  const { id } = await recordFailedJob({
    ctx: h.deps,
    input: {
      messageId: `msg_${crypto.randomUUID()}`,
      jobName: "send-email",
      payload: { to: "fuzz@example.com", tag: "fuzz" },
      error: "Mail provider down",
      attempts: 3,
    },
  });
  return id;
}

let emails = 0;

/** Valid values the schema cannot express, for the caller `user` (if any). */
export function hintsFor(user: TestUser | undefined): Hints {
  return {
    email: () => `fuzz-${(emails += 1)}-${crypto.randomUUID().slice(0, 8)}@example.com`,
    password: () => "correct horse battery staple",
    newPassword: () => "correct horse battery staple 2",
    currentPassword: () => user?.password ?? "not the password",
    avatarUrl: () => "https://cdn.example.com/fuzz.png",
    deckUrl: () => "https://example.com/deck.pdf",
    cursor: () => undefined,
  };
}
