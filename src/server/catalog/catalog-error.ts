/** One thing wrong with the catalog: the file (relative to the working directory), where in it, and what. */
export interface CatalogProblem {
  file: string;
  path: string;
  message: string;
}

export const formatProblem = (p: CatalogProblem) => `${p.file}: ${p.path}: ${p.message}`;

/**
 * Thrown when the catalog cannot be loaded. The message lists every problem found, one per line, so a
 * platform owner can fix a broken release in one go instead of one start attempt per mistake.
 */
export class CatalogError extends Error {
  readonly problems: CatalogProblem[];

  constructor(problems: CatalogProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'CatalogError';
    this.problems = problems;
  }
}
