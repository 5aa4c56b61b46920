import { sql } from "drizzle-orm";
import {
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./users.ts";
import {
  EXPORT_FORMATS,
  EXPORT_KINDS,
  EXPORT_STATUSES,
  type ExportFormat,
  type ExportKind,
  type ExportStatus,
} from "../../lib/enums.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * `bytea` as a `Uint8Array`. PGlite answers a `Uint8Array`, node-postgres and Neon a `Buffer`
 * (a subclass); a hex string (`\x...`) only if a driver leaves the type unparsed.
 */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array | string }>({
  dataType: () => "bytea",
  fromDriver(value) {
    if (typeof value !== "string") return value;
    const hex = value.startsWith("\\x") ? value.slice(2) : value;
    return Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
  },
});

/**
 * Report exports a user asked for. A row is written `queued` in the same transaction that spends
 * the monthly quota; the `build-report-export` job writes the file into `export_chunks` under a
 * build id of its own, then marks the export `ready` with that `build_id` (only one build can, so
 * a duplicate delivery's chunks are thrown away). A ready file expires at `expires_at`;
 * `purged_at` is set when the retention job has deleted its chunks. `content` held the whole CSV
 * before chunks existed: the migration copied it into a chunk, nothing writes it any more, and a
 * later release drops it.
 */
export const reportExports = pgTable("report_exports", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  kind: text("kind").$type<ExportKind>().notNull(),
  format: text("format").$type<ExportFormat>().notNull().default("csv"),
  status: text("status").$type<ExportStatus>().notNull().default("queued"),
  rowCount: integer("row_count"),
  /** Deprecated: read by nothing; dropped once every instance runs the chunked code. */
  content: text("content"),
  /** The build whose chunks are the file; null until ready. */
  buildId: text("build_id"),
  sizeBytes: integer("size_bytes"),
  error: text("error"),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  completedAt: timestamptz("completed_at"),
  expiresAt: timestamptz("expires_at"),
  purgedAt: timestamptz("purged_at"),
}, (t) => [
  // The caller's newest exports first, with the id as the tie-breaker.
  index("report_exports_user_created_idx").on(
    t.userId,
    t.createdAt.desc().nullsFirst(),
    t.id.desc().nullsFirst(),
  ),
  // The retention job's scan: files not yet purged, by expiry.
  index("report_exports_expiry_idx").on(t.expiresAt).where(
    sql`${t.expiresAt} is not null and ${t.purgedAt} is null`,
  ),
  check("report_exports_kind_check", sql`${t.kind} in (${inList(EXPORT_KINDS)})`),
  check("report_exports_format_check", sql`${t.format} in (${inList(EXPORT_FORMATS)})`),
  check("report_exports_status_check", sql`${t.status} in (${inList(EXPORT_STATUSES)})`),
]);

/**
 * An export file in pieces, written one after another as the build reads its rows, so neither
 * the build nor the download ever holds the whole file. A piece belongs to one build of the
 * export; the file is the pieces of the export's `build_id`, in `seq` order.
 */
export const exportChunks = pgTable("export_chunks", {
  exportId: text("export_id").notNull().references(() => reportExports.id, {
    onDelete: "cascade",
  }),
  buildId: text("build_id").notNull(),
  seq: integer("seq").notNull(),
  bytes: bytea("bytes").notNull(),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
}, (t) => [
  primaryKey({ name: "export_chunks_pkey", columns: [t.exportId, t.buildId, t.seq] }),
]);
