// Cases per process definition version (any status), counted up to a cap: the dashboard's deployment list
// shows how many cases each released version has. Bounded by the index of migration 019 at 1M cases.
import type { Db } from './db.js';
import { COUNT_CAP } from './queue-repo.js';

export interface VersionCases {
  key: string;
  version: number;
  engine_id: string;
  /** Counted up to COUNT_CAP + 1: more than COUNT_CAP means "10,000+". */
  cases: number;
}

export async function casesPerVersion(db: Db, versions: { key: string; version: number; engineId: string }[]): Promise<VersionCases[]> {
  if (versions.length === 0) return [];
  // Per engine: version 3 of a key in one engine is another definition than version 3 in the next.
  return db.query<VersionCases>(
    `SELECT v.key, v.version, v.engine_id,
       (SELECT count(*)::int FROM (
          SELECT 1 FROM fallout_case c
          WHERE c.definition_key = v.key AND c.definition_version = v.version AND c.engine_id = v.engine_id
          LIMIT ${COUNT_CAP + 1}) capped) AS cases
     FROM unnest($1::text[], $2::int[], $3::text[]) AS v(key, version, engine_id)`,
    [versions.map((v) => v.key), versions.map((v) => v.version), versions.map((v) => v.engineId)],
  );
}
