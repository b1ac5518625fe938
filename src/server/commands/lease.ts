// Keeps a running command's lease alive while its run is busy with the domain service and the engine (a
// slow engine may take longer than the lease), so the outbox claims only commands whose run has died.
import type { CommandRow, CommandsRepo } from '../store/commands-repo.js';

/** Renews the lease every third of its length until the returned function is called. */
export function keepLease(commands: Pick<CommandsRepo, 'renewLease' | 'leaseMs'>, command: Pick<CommandRow, 'id' | 'lease_owner'>): () => void {
  const timer = setInterval(() => {
    // A failed renewal is no reason to stop the command: its outcome is fenced by the lease owner anyway.
    commands.renewLease(command).catch(() => undefined);
  }, Math.max(100, Math.floor(commands.leaseMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
