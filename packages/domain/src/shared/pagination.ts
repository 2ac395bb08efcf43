import { AppError } from "@govconnect/contracts";
import type { SQL } from "drizzle-orm";
import { and, eq, lt, or } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";

/** Where a newest-first page ended: the last row's creation time and id. */
export interface Cursor {
  readonly createdAt: Date;
  readonly id: string;
}

/** A page of a newest-first list; pass `nextCursor` back for the next one (null: no more). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export const pageInput = {
  limit: z
    .number({ error: "limit must be a number from 1 to 100" })
    .int({ error: "limit must be a whole number from 1 to 100" })
    .min(1, { error: "limit must be from 1 to 100" })
    .max(100, { error: "limit must be from 1 to 100" })
    .default(20),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed id: anything else cannot exist and is answered "not found" without a query. */
export const isUuid = (value: string) => UUID.test(value);

export function encodeCursor(row: { readonly createdAt: Date; readonly id: string }): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || typeof id !== "string" || !isUuid(id)) throw new Error("bad cursor");
    return { createdAt: date, id };
  } catch {
    throw new AppError("BAD_REQUEST", "cursor is not one this API returned", { field: "cursor" });
  }
}

/**
 * Keyset pagination, newest first: the rows after `cursor` in `created_at DESC, id DESC` order
 * (older, or as old with a smaller id). Stable while rows are inserted, unlike OFFSET.
 */
export function olderThan(createdAt: PgColumn, id: PgColumn, cursor: Cursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(createdAt, cursor.createdAt), and(eq(createdAt, cursor.createdAt), lt(id, cursor.id)));
}

/** Cuts the `limit + 1` rows a query fetched into a page and the cursor of the next one. */
export function toPage<Row extends { readonly createdAt: Date; readonly id: string }, T>(
  rows: readonly Row[],
  limit: number,
  view: (row: Row) => T,
): Page<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(view), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** A numbered page of a list in any order, with the total the list holds. */
export interface NumberedPage<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly pageCount: number;
}

/** The input of a numbered page: `page` from 1, `pageSize` up to 100. */
export const numberedPageInput = (defaultSize: number) => ({
  page: z
    .number({ error: "page must be a whole number from 1" })
    .int({ error: "page must be a whole number from 1" })
    .min(1, { error: "page must be a whole number from 1" })
    .max(100_000, { error: "page must be at most 100000" })
    .default(1),
  pageSize: z
    .number({ error: "pageSize must be a number from 1 to 100" })
    .int({ error: "pageSize must be a whole number from 1 to 100" })
    .min(1, { error: "pageSize must be from 1 to 100" })
    .max(100, { error: "pageSize must be from 1 to 100" })
    .default(defaultSize),
});

/** The numbered page `page` of `total` rows, `items` being its rows. */
export function numberedPage<T>(items: T[], total: number, input: { page: number; pageSize: number }): NumberedPage<T> {
  return {
    items,
    total,
    page: input.page,
    pageSize: input.pageSize,
    pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
  };
}

/** A LIKE pattern matching `text` anywhere: `%` and `_` typed by a person are letters, not wildcards. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
