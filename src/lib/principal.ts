import type { ApiKeyScope, UserRole } from "./enums.ts";

/** Who is calling, resolved from a session token or an API key. */
export interface Principal {
  userId: string;
  role: UserRole;
  via: "session" | "api-key";
  /** The session or API key id. */
  credentialId: string;
  /** What the credential may do; sessions may do everything their role allows. */
  scopes: readonly ApiKeyScope[];
  /** Epoch ms after which the credential is dead; null for API keys (they never expire). */
  expiresAt: number | null;
  /** Epoch ms of the last recorded use, to throttle the writes that slide expiry forward. */
  lastSeenAt: number;
}
