import type { SQL } from "drizzle-orm";
import { and, eq, lt, or } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * Keyset pagination, newest first: the rows after `cursor` in `created_at DESC, id DESC` order
 * (older, or as old with a smaller id). Stable while rows are inserted, unlike OFFSET.
 */
export function olderThan(
  createdAt: PgColumn,
  id: PgColumn,
  cursor: { readonly createdAt: Date; readonly id: string } | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(createdAt, cursor.createdAt), and(eq(createdAt, cursor.createdAt), lt(id, cursor.id)));
}
