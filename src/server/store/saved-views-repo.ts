// SQL of saved queue views (`saved_view`) and of the shared views other users added to their list
// (`saved_view_added`). Who may do what is decided by the route; this file only reads and writes.
import type { Db } from './db.js';

export interface SavedViewRow {
  id: string;
  owner: string;
  name: string;
  query: string;
  shared: boolean;
  created_at: Date;
  updated_at: Date;
  /** Set on list rows: the caller added this (someone else's) view. */
  added?: boolean;
}

export type InsertOutcome = { row: SavedViewRow } | { refused: 'NAME_TAKEN' | 'LIMIT' };

export class SavedViewsRepo {
  constructor(private readonly db: Db) {}

  /**
   * Inserts unless the owner already has `limit` views or a view of that name (case-insensitive). One statement,
   * so two tabs saving at once cannot both pass a separate count.
   */
  async insert(row: Omit<SavedViewRow, 'added'>, limit: number): Promise<InsertOutcome> {
    const inserted = await this.db.query<SavedViewRow>(
      `INSERT INTO saved_view (id, owner, name, query, shared, created_at, updated_at)
       SELECT $1, $2, $3, $4, $5, $6, $6
       WHERE (SELECT count(*) FROM saved_view WHERE owner = $2) < $7
       ON CONFLICT (owner, lower(name)) DO NOTHING
       RETURNING *`,
      [row.id, row.owner, row.name, row.query, row.shared, row.created_at, limit],
    );
    if (inserted[0]) return { row: inserted[0] };
    return { refused: (await this.nameTaken(row.owner, row.name, null)) ? 'NAME_TAKEN' : 'LIMIT' };
  }

  async get(id: string): Promise<SavedViewRow | null> {
    return (await this.db.query<SavedViewRow>('SELECT * FROM saved_view WHERE id = $1', [id]))[0] ?? null;
  }

  async countOwned(owner: string): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM saved_view WHERE owner = $1', [owner]);
    return rows[0]?.n ?? 0;
  }

  async nameTaken(owner: string, name: string, exceptId: string | null): Promise<boolean> {
    const rows = await this.db.query(
      'SELECT 1 FROM saved_view WHERE owner = $1 AND lower(name) = lower($2) AND ($3::text IS NULL OR id <> $3)',
      [owner, name, exceptId],
    );
    return rows.length > 0;
  }

  /** The user's own views (oldest first), then the shared views they added (in the order they added them). */
  async listFor(userId: string): Promise<SavedViewRow[]> {
    return this.db.query<SavedViewRow>(
      `SELECT * FROM (
         SELECT v.*, false AS added, 0 AS part, v.created_at AS at FROM saved_view v WHERE v.owner = $1
         UNION ALL
         SELECT v.*, true AS added, 1 AS part, a.added_at AS at
           FROM saved_view_added a JOIN saved_view v ON v.id = a.view_id
          WHERE a.user_id = $1 AND v.shared AND v.owner <> $1
       ) listed
       ORDER BY part, at, id`,
      [userId],
    );
  }

  /** Renames and/or shares; null when the row is gone. */
  async update(id: string, change: { name?: string; shared?: boolean }, at: Date): Promise<SavedViewRow | null> {
    const rows = await this.db.query<SavedViewRow>(
      `UPDATE saved_view SET name = COALESCE($2, name), shared = COALESCE($3, shared), updated_at = $4
       WHERE id = $1 RETURNING *`,
      [id, change.name ?? null, change.shared ?? null, at],
    );
    return rows[0] ?? null;
  }

  /** Deletes the view (and, by cascade, every user's "added" mark of it). */
  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM saved_view WHERE id = $1', [id]);
  }

  async isAdded(userId: string, viewId: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM saved_view_added WHERE user_id = $1 AND view_id = $2', [userId, viewId])).length > 0;
  }

  async add(userId: string, viewId: string, at: Date): Promise<void> {
    await this.db.query(
      'INSERT INTO saved_view_added (user_id, view_id, added_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [userId, viewId, at],
    );
  }

  async remove(userId: string, viewId: string): Promise<void> {
    await this.db.query('DELETE FROM saved_view_added WHERE user_id = $1 AND view_id = $2', [userId, viewId]);
  }
}
