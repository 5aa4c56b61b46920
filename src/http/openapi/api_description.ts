/**
 * `info.description`: the conventions every operation shares, so a reader of the document (or of
 * a generated client) does not need the README. Kept in step with the README's "HTTP conventions",
 * "Accounts and authentication" and "Idempotency keys" sections and with the middleware they
 * describe (`src/http/middleware/`).
 */
export function apiDescription(limits: { maxBodyBytes: number }): string {
  const mib = limits.maxBodyBytes / (1024 * 1024);
  return `Pitch marketplace API: creators publish pitches, investors find, save and follow them.

## Errors
Every error is RFC 9457 \`application/problem+json\` with \`type\`, \`title\`, \`status\`,
\`detail\` and \`instance\` (\`urn:pitchey:request:<request id>\`). \`type\` is
\`<server>/problems/<slug>\`, and \`GET /problems/<slug>\` describes it; the slugs are enumerated
in the \`Problem\` schema. Validation failures are \`422\` \`ValidationProblem\`s whose \`errors\`
name each field: body fields by JSON pointer (\`{ "pointer": "/title", "detail": "..." }\`),
parameters by name and location (\`{ "parameter": "limit", "in": "query", "detail": "..." }\`).
Unknown fields are errors. Malformed JSON is \`400\`, a body over ${mib} MiB \`413\`, a change
with a non-JSON body \`415\`, a wrong method \`405\` with \`Allow\`. A \`500\` never shows internal
details: quote its request id (\`X-Request-Id\`, on every response; send your own, 8-128
characters of \`[A-Za-z0-9._:-]\`, to trace a call). A \`503\` means a dependency is down: retry
after \`Retry-After\`.

## Authentication
Send \`Authorization: Bearer <token>\` with a session token (\`ps_...\`, from sign-up or login) or
an API key (\`pk_...\`). Browsers may instead rely on the \`pitchey_session\` cookie that sign-up
and login set (\`HttpOnly; Secure; SameSite=Lax\`): call the API with
\`fetch(url, { credentials: 'include' })\` from an origin listed in the server's \`CORS_ORIGINS\`.
A cookie-authenticated \`POST\`, \`PUT\`, \`PATCH\` or \`DELETE\` whose \`Origin\` is not allowed
is \`403\` (CSRF). \`SameSite=Lax\` means the page and the API must be same-site: a front end on
\`localhost\` must call the API on \`localhost\` too, not \`127.0.0.1\`. An invalid, expired or
revoked credential is \`401\` on every route (the cookie is then expired with \`Set-Cookie\`),
except that \`POST /v1/auth/*\` ignores a dead cookie so a browser can always sign in again.
Read-only API keys get \`403\` on every change.

## Pagination
Lists are keyset pages \`{ items, nextCursor }\`: pass \`nextCursor\` back as \`cursor\` for the
next page; \`null\` means the end. Cursors are opaque and signed: an altered one is \`400\`.

## ETags and conditional requests
Pitches and some lists carry a strong \`ETag\`. \`If-None-Match\` on a \`GET\` answers \`304\`
when nothing changed; \`If-Match\` on \`PATCH\` or \`DELETE\` of a pitch answers \`412\` when
someone else changed it first.

## Rate limits
Requests are counted per user (by plan) or per client address when anonymous, with a stricter
budget on \`POST /v1/auth/*\` and on searches. Limited responses carry \`RateLimit-Policy\` and
\`RateLimit\` (draft-ietf-httpapi-ratelimit-headers), e.g. \`"api-ip";q=300;w=60\` and
\`"api-ip";r=299;t=42\`; over a limit the answer is \`429\` with \`Retry-After\` (seconds). Health,
job and webhook routes are never limited.

## Idempotency
A \`POST\` that creates or spends takes an optional \`Idempotency-Key\` header: a new random UUID
per operation, the same key and body on every retry of it. A retry then gets the first answer
again (\`Idempotent-Replayed: true\`) and nothing runs twice; a retry while the first still runs is
\`409\` \`idempotency-key-in-use\`; the same key with another body is \`422\`
\`idempotency-key-reused\`. Keys last 24 hours and belong to the user.

## Internal operations
Operations tagged \`Development\` and \`Internal\` carry \`x-internal: true\`: they are in the
document so it is complete, and are not for front ends or client generators.`;
}
