import type { Db } from './db.js';

/** Small key/value state of the sync (watermarks, last success), per engine. */
export class SyncStateRepo {
  constructor(private readonly db: Db) {}

  async get(engineId: string, name: string): Promise<string | null> {
    return (await this.db.query<{ value: string | null }>('SELECT value FROM sync_state WHERE engine_id = $1 AND name = $2', [engineId, name]))[0]?.value ?? null;
  }

  async set(engineId: string, name: string, value: string | null, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_state (engine_id, name, value, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (engine_id, name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
      [engineId, name, value, now],
    );
  }
}
