// Cases per process definition version (any status), counted up to a cap: the dashboard's deployment list
// shows how many cases each released version has. Bounded by the index of migration 019 at 1M cases.
import type { Db } from './db.js';
import { COUNT_CAP } from './queue-repo.js';

export interface VersionCases {
  key: string;
  version: number;
  /** Counted up to COUNT_CAP + 1: more than COUNT_CAP means "10,000+". */
  cases: number;
}

export async function casesPerVersion(db: Db, versions: { key: string; version: number }[], engineId: string | null): Promise<VersionCases[]> {
  if (versions.length === 0) return [];
  return db.query<VersionCases>(
    `SELECT v.key, v.version,
       (SELECT count(*)::int FROM (
          SELECT 1 FROM fallout_case c
          WHERE c.definition_key = v.key AND c.definition_version = v.version AND ($3::text IS NULL OR c.engine_id = $3)
          LIMIT ${COUNT_CAP + 1}) capped) AS cases
     FROM unnest($1::text[], $2::int[]) AS v(key, version)`,
    [versions.map((v) => v.key), versions.map((v) => v.version), engineId],
  );
}
