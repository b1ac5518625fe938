// The embedded PGlite is one process with one connection: its notifications arrive through PGlite's own
// listen, in this process. There is no outage to survive: the database is the process.
import type { PgliteDb } from '../store/db.js';
import { FeedListeners, type ChangeFeed, type ChangeListener } from './change-feed.js';
import { CHANGE_CHANNEL, parseChangeNote } from './change-note.js';

export class PgliteChangeFeed implements ChangeFeed {
  private readonly listeners = new FeedListeners();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: PgliteDb) {}

  get up(): boolean {
    return this.listeners.up;
  }

  subscribe(listener: ChangeListener): () => void {
    return this.listeners.subscribe(listener);
  }

  async start(): Promise<void> {
    this.unlisten = await this.db.listen(CHANGE_CHANNEL, (payload) => this.listeners.change(parseChangeNote(payload)));
    this.listeners.setUp(true);
  }

  async stop(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = null;
    this.listeners.setUp(false);
    // After close the database refuses the UNLISTEN; nothing is left to stop then.
    await unlisten?.().catch(() => undefined);
  }
}
