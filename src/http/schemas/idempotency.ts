import { IDEMPOTENCY_KEY_TTL_MS } from "../../services/idempotency/claim_idempotency_key.ts";
import { IDEMPOTENCY_KEY_MAX_LENGTH } from "../idempotency_key_header.ts";
import { problemRef } from "./problem_schemas.ts";

/** Name of the shared parameter component, registered once in `app.ts`. */
export const IDEMPOTENCY_KEY_COMPONENT = "IdempotencyKey";

const HOURS = IDEMPOTENCY_KEY_TTL_MS / 3_600_000;

/** The `Idempotency-Key` header parameter, as an OpenAPI parameter object. */
export const IDEMPOTENCY_KEY_PARAMETER = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  description: "Makes a retry of this request safe (IETF httpapi Idempotency-Key draft). Send a " +
    `new random key (a UUID v4) per operation, and the same key when retrying it. For ${HOURS} ` +
    "hours per user, a retry with the same key and body gets the first response again, with " +
    "`Idempotent-Replayed: true`, and does nothing twice. The same key with another body or " +
    "path is 422 `idempotency-key-reused`; a retry while the first request still runs is 409 " +
    "`idempotency-key-in-use` with `Retry-After`. Successes and 400/422 answers are stored; any " +
    'other answer is not, so a retry runs again. Bare (`abc`) or an RFC 8941 string (`"abc"`).',
  schema: { type: "string" as const, minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
  example: "8e03978e-40d5-43e8-bc93-6894a57f9324",
};

/**
 * What an operation that honours `Idempotency-Key` adds to its route: the header parameter (by
 * reference) and the 400, 409 and 422 it may cause. Spread `responses` after the operation's own
 * problem responses, so these descriptions win.
 */
export const idempotentOperation = {
  parameters: [{ $ref: `#/components/parameters/${IDEMPOTENCY_KEY_COMPONENT}` }],
  responses: {
    400: problemRef(400, "Malformed request, or a malformed `Idempotency-Key`"),
    409: problemRef(
      409,
      "Conflicts with existing state, or a request with this `Idempotency-Key` is still " +
        "running (`idempotency-key-in-use`; retry after `Retry-After`)",
    ),
    422: problemRef(
      422,
      "Validation failed, or this `Idempotency-Key` was used with another request " +
        "(`idempotency-key-reused`)",
    ),
  },
};
