import { createRoute, z } from "@hono/zod-openapi";
import {
  EXPORT_FORMATS,
  EXPORT_KIND_FORMATS,
  EXPORT_KINDS,
  EXPORT_STATUSES,
} from "../../../../lib/enums.ts";
import { EXPORT_LIST_SIZE } from "../../../../services/exports/list_exports.ts";
import { requireAuth } from "../../../auth/guards.ts";
import { idempotencyKey } from "../../../middleware/idempotency_key.ts";
import { idempotentOperation } from "../../../schemas/idempotency.ts";
import { problemResponses } from "../../../schemas/problem_schemas.ts";
import { AUTHENTICATED } from "../../../schemas/security.ts";

const tags = ["Exports"];
const params = z.object({ id: z.string().min(1).max(64) });

const RequestExportBodySchema = z.strictObject({
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(EXPORT_FORMATS).optional().openapi({
    description: "`csv` (the default) or `json` for `pitch-performance`; `account-data` is " +
      "`json` only, and its default",
  }),
}).superRefine((body, issues) => {
  const formats = EXPORT_KIND_FORMATS[body.kind];
  if (body.format !== undefined && !formats.includes(body.format)) {
    issues.addIssue({
      code: "custom",
      path: ["format"],
      message: `Kind "${body.kind}" is exported as ${
        formats.map((f) => `"${f}"`).join(" or ")
      } only`,
    });
  }
}).openapi("RequestExportBody");

const ExportSchema = z.object({
  id: z.string(),
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(EXPORT_STATUSES),
  rowCount: z.number().int().nullable().openapi({
    description: "Records in the file once built: report lines, or for `account-data` the " +
      "items of all its lists",
  }),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable().openapi({
    description: "When the file stops being downloadable (`EXPORT_TTL_DAYS` after it was " +
      "built); null until `status` is `ready`",
  }),
  expired: z.boolean().openapi({
    description: "The file has expired and been (or will shortly be) deleted; its download is 410",
  }),
  downloadUrl: z.string().nullable().openapi({
    description: "Path of the download while `status` is `ready` and the file has not expired, " +
      "else null",
  }),
  error: z.string().nullable().openapi({
    description: "Why the export failed, when `status` is `failed` (its quota unit was given " +
      "back), else null",
  }),
}).openapi("Export");

const ExportListSchema = z.object({ items: z.array(ExportSchema) }).openapi("ExportList");

export const requestExportRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth(), idempotencyKey()] as const,
  method: "post",
  operationId: "requestExport",
  path: "/",
  summary: "Request a report or account-data export (metered per month)",
  description: "Uses one of the plan's monthly exports (UTC month) and builds the file in the " +
    "background: poll `Location` until `status` is `ready`, then follow `downloadUrl` before " +
    "`expiresAt`. `pitch-performance` is CSV or JSON; `account-data` (everything held about the " +
    'caller, never credentials) is JSON, and `format: "csv"` with it is 422. Over the quota: ' +
    "403 `quota-exceeded` with `limit`, `used` and `resetsAt`. The build job is written with the " +
    "export, so a job queue outage only delays it. Works with an API key (`write` scope).",
  request: {
    body: { required: true, content: { "application/json": { schema: RequestExportBodySchema } } },
  },
  parameters: idempotentOperation.parameters,
  responses: {
    202: {
      description: "Accepted; the export is queued",
      headers: { Location: { schema: { type: "string" as const } } },
      content: { "application/json": { schema: ExportSchema } },
    },
    ...problemResponses(401, 403, 422),
    ...idempotentOperation.responses,
  },
});

export const listExportsRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "get",
  operationId: "listExports",
  path: "/",
  summary: `The caller's ${EXPORT_LIST_SIZE} newest exports, newest first`,
  responses: {
    200: {
      description: "The exports, without their content",
      content: { "application/json": { schema: ExportListSchema } },
    },
    ...problemResponses(401),
  },
});

export const getExportRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "get",
  operationId: "getExport",
  path: "/{id}",
  summary: "One of the caller's exports",
  description: "Another user's export is 404, like an unknown id.",
  request: { params },
  responses: {
    200: {
      description: "The export",
      content: { "application/json": { schema: ExportSchema } },
    },
    ...problemResponses(401, 404, 422),
  },
});

export const downloadExportRoute = createRoute({
  tags,
  security: AUTHENTICATED,
  middleware: [requireAuth()] as const,
  method: "get",
  operationId: "downloadExport",
  path: "/{id}/download",
  summary: "Download a ready export file",
  description: "Streamed, with `Content-Length`. CSV is RFC 4180 (CRLF line ends, a header " +
    "line); cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab " +
    "or CR) start with an apostrophe. JSON is one document, a list item per line. An export " +
    "that is not ready yet is 409; one past `expiresAt` is 410; another user's is 404.",
  request: { params },
  responses: {
    200: {
      description: "The file, as an attachment",
      headers: {
        "Content-Disposition": { schema: { type: "string" as const } },
        "Content-Length": { schema: { type: "integer" as const } },
      },
      content: {
        "text/csv": { schema: z.string() },
        "application/json": { schema: z.object({}).catchall(z.unknown()) },
      },
    },
    ...problemResponses(401, 404, 409, 410, 422),
  },
});
