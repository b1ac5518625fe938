// Where the changes come from: the database's `fw_changes` notifications (migration 014), heard on one
// connection per BFF replica. PostgreSQL: a dedicated LISTEN connection that comes back after an outage
// (pg-change-feed.ts). PGlite: the embedded database's own listen (pglite-change-feed.ts).
import type { ChangeNote } from './change-note.js';

export interface ChangeListener {
  /** A change; null when a notification could not be read (treat as "anything may have changed"). */
  change(note: ChangeNote | null): void;
  /** Whether notifications arrive now. While down, changes are missed: pages must poll. */
  status(up: boolean): void;
}

export interface ChangeFeed {
  readonly up: boolean;
  subscribe(listener: ChangeListener): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The listener bookkeeping both feeds share. */
export class FeedListeners {
  private readonly listeners = new Set<ChangeListener>();
  private isUp = false;

  get up(): boolean {
    return this.isUp;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  change(note: ChangeNote | null): void {
    for (const listener of this.listeners) listener.change(note);
  }

  setUp(up: boolean): void {
    if (up === this.isUp) return;
    this.isUp = up;
    for (const listener of this.listeners) listener.status(up);
  }
}
