import { signUpUser, type TestUser } from "../support/accounts.ts";
import type { Harness } from "../support/harness.ts";
import { createOperationFixture, hintsFor, type IdentityName } from "./fuzz_fixture.ts";
import { generateCase } from "./generate_case.ts";
import type { Operation } from "./openapi_operations.ts";
import { type CaseStatus, sendCase } from "./send_case.ts";

/** One broken rule, with what it takes to reproduce it. */
export interface FuzzFailure {
  op: string;
  identity: IdentityName;
  index: number;
  description: string;
  url: string;
  status: CaseStatus;
  reason: string;
  body: string;
  /** What the app logged at error level for the request (a 500's stack). */
  logged: string;
}

export interface FuzzStats {
  cases: number;
  /** Sessions replaced after a case ended them. */
  renewed: number;
  statuses: Record<number, number>;
}

/** Operations whose success ends the caller's session: each case gets a fresh account. */
const SESSION_ENDING = new Set(["DELETE /v1/me", "POST /v1/auth/logout", "PUT /v1/me/password"]);

/**
 * Sends `cases` generated cases to `op`, each once per caller (anonymous, a creator, and an admin
 * under /v1/admin/), and records every response that breaks the rules in `failures`.
 */
export async function fuzzOperation(
  h: Harness,
  op: Operation,
  options: { seed: number; cases: number },
  stats: FuzzStats,
  failures: FuzzFailure[],
): Promise<void> {
  const fixture = await createOperationFixture(h, op);
  const users: Record<IdentityName, TestUser | undefined> = {
    anonymous: undefined,
    creator: fixture.creator,
    admin: fixture.admin,
  };
  const identities: IdentityName[] = op.admin
    ? ["anonymous", "creator", "admin"]
    : ["anonymous", "creator"];
  for (let index = 0; index < options.cases; index += 1) {
    for (const identity of identities) {
      let user = users[identity];
      if (user && SESSION_ENDING.has(op.key)) user = await freshUser(h, user);
      const fuzzCase = generateCase(op, options.seed, index, {
        pathIds: fixture.pathIds,
        hints: hintsFor(user),
      });
      const outcome = await sendCase(h, op, fuzzCase, user);
      stats.cases += 1;
      if (typeof outcome.status === "number") {
        stats.statuses[outcome.status] = (stats.statuses[outcome.status] ?? 0) + 1;
      }
      if (outcome.reason) {
        failures.push({
          op: op.key,
          identity,
          index,
          ...fuzzCase,
          ...outcome,
          reason: outcome.reason,
        });
      }
      // A case that ended the session (logout, a deleted account) must not blind the next ones.
      if (user && outcome.status === 401 && fuzzCase.headers.authorization === undefined) {
        users[identity] = await freshUser(h, user);
        stats.renewed += 1;
      }
    }
  }
}

function freshUser(h: Harness, like: TestUser): Promise<TestUser> {
  return signUpUser(h, { role: like.role, verified: true });
}
