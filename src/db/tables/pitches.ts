import { sql } from "drizzle-orm";
import {
  check,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import { users } from "./users.ts";
import {
  BUDGET_RANGES,
  type BudgetRange,
  type Format,
  FORMATS,
  type Genre,
  GENRES,
  PITCH_STATUSES,
  type PitchStatus,
  VISIBILITIES,
  type Visibility,
} from "../../lib/enums.ts";

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * Pitches. Reads outnumber writes a thousand to one, so the table carries what lists need:
 * denormalised counters, a trending score kept up to date by writes (forward-decayed, see
 * `services/pitches/trending.ts`), and a generated, weighted search vector (title > logline >
 * synopsis). `version` increments on every change and is the ETag. Deletes are soft.
 */
export const pitches = pgTable("pitches", {
  id: text("id").primaryKey(),
  ownerId: text("owner_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  logline: text("logline").notNull(),
  synopsis: text("synopsis").notNull().default(""),
  genre: text("genre").$type<Genre>().notNull(),
  format: text("format").$type<Format>().notNull(),
  tags: text("tags").array().$type<string[]>().notNull().default(sql`'{}'::text[]`),
  budgetRange: text("budget_range").$type<BudgetRange>(),
  deckUrl: text("deck_url"),
  visibility: text("visibility").$type<Visibility>().notNull().default("public"),
  status: text("status").$type<PitchStatus>().notNull().default("draft"),
  viewCount: integer("view_count").notNull().default(0),
  saveCount: integer("save_count").notNull().default(0),
  trendingScore: doublePrecision("trending_score").notNull().default(0),
  version: integer("version").notNull().default(1),
  createdAt: timestamptz("created_at").notNull().defaultNow(),
  updatedAt: timestamptz("updated_at").notNull().defaultNow(),
  publishedAt: timestamptz("published_at"),
  deletedAt: timestamptz("deleted_at"),
  /**
   * Set while an administrator hides the pitch: it leaves lists, search, feeds and every reader
   * but its owner, who sees the reason. Independent of `status`, so the owner cannot undo it.
   */
  hiddenAt: timestamptz("hidden_at"),
  hiddenReason: text("hidden_reason"),
  hiddenBy: text("hidden_by"),
  search: tsvector("search").generatedAlwaysAs(
    sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', logline), 'B') || setweight(to_tsvector('english', synopsis), 'C')`,
  ),
}, (t) => {
  // Lists show published, public, live pitches only: partial indexes hold exactly those rows.
  // Descending keys are NULLS FIRST, matching a plain `order by x desc`, so the index serves it.
  const listed =
    sql`${t.status} = 'published' and ${t.visibility} = 'public' and ${t.deletedAt} is null`;
  return [
    index("pitches_owner_idx").on(
      t.ownerId,
      t.createdAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ).where(
      sql`${t.deletedAt} is null`,
    ),
    index("pitches_listed_new_idx").on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(listed),
    index("pitches_listed_trending_idx").on(
      t.trendingScore.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ).where(listed),
    index("pitches_listed_genre_idx").on(
      t.genre,
      t.publishedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ).where(listed),
    index("pitches_listed_format_idx").on(
      t.format,
      t.publishedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ).where(
      listed,
    ),
    index("pitches_listed_owner_idx").on(
      t.ownerId,
      t.publishedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ).where(
      listed,
    ),
    index("pitches_tags_idx").using("gin", t.tags).where(listed),
    index("pitches_search_idx").using("gin", t.search).where(listed),
    check("pitches_genre_check", sql`${t.genre} in (${inList(GENRES)})`),
    check("pitches_format_check", sql`${t.format} in (${inList(FORMATS)})`),
    check(
      "pitches_budget_check",
      sql`${t.budgetRange} is null or ${t.budgetRange} in (${inList(BUDGET_RANGES)})`,
    ),
    check("pitches_visibility_check", sql`${t.visibility} in (${inList(VISIBILITIES)})`),
    check("pitches_status_check", sql`${t.status} in (${inList(PITCH_STATUSES)})`),
  ];
});
