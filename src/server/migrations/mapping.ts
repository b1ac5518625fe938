// The activity mapping of a plan: the engine's generated instructions (equal ids), with the request's
// explicit pairs taking the place of whatever the generator said for those source activities. Pure.
import type { EngineMigrationInstruction, EngineMigrationValidationReport } from '../engine/schemas.js';

export interface ActivityPair {
  from: string;
  to: string;
}

export function mergeMapping(generated: readonly EngineMigrationInstruction[], explicit: readonly ActivityPair[]): EngineMigrationInstruction[] {
  const overridden = new Set(explicit.map((p) => p.from));
  const kept = generated.filter((i) => !i.sourceActivityIds.some((id) => overridden.has(id)));
  // An explicit pair names two activities, not event triggers: the engine refuses updateEventTrigger on an
  // activity without one, so it is left off (the generator sets it where it applies).
  const added = explicit.map((p) => ({ sourceActivityIds: [p.from], targetActivityIds: [p.to], updateEventTrigger: false }));
  return [...kept, ...added];
}

/** The instructions as {from, to} pairs, in order (one per source × target activity). */
export function pairsOf(instructions: readonly EngineMigrationInstruction[]): ActivityPair[] {
  return instructions.flatMap((i) => i.sourceActivityIds.flatMap((from) => i.targetActivityIds.map((to) => ({ from, to }))));
}

/** Scope activities no instruction moves: their instances could not be migrated. */
export function unmappedScope(scope: readonly string[], instructions: readonly EngineMigrationInstruction[]): string[] {
  const mapped = new Set(instructions.flatMap((i) => i.sourceActivityIds));
  return scope.filter((a) => !mapped.has(a));
}

export interface ValidationFailure {
  activityId: string | null;
  message: string;
}

/** The engine's report as one line per failure; engine text is kept as text (the SPA never renders it as markup). */
export function failuresOf(report: EngineMigrationValidationReport): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  for (const r of report.instructionReports) {
    const activityId = r.instruction?.sourceActivityIds[0] ?? null;
    for (const message of r.failures) failures.push({ activityId, message: message.slice(0, 1000) });
  }
  for (const [name, r] of Object.entries(report.variableReports)) {
    for (const message of r.failures) failures.push({ activityId: null, message: `variable ${name}: ${message}`.slice(0, 1000) });
  }
  return failures;
}
