/**
 * Loads the ops catalog from a workflows folder: `shared/*.yaml` (actions, teams, SLAs, default rules and
 * runbooks) and `<process>/ops/**\/*.yaml` (topics, steps, budgets, process rules and runbooks). Every file is
 * parsed and checked before anything is used; any problem stops the start with the file, the path inside it
 * and what is wrong, all problems at once.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import * as z from 'zod/mini';
import { assemble, toCatalogData, type ParsedFile } from './assemble.js';
import { CatalogError, type CatalogProblem } from './catalog-error.js';
import { Catalog } from './catalog.js';
import { crossCheck } from './cross-check.js';
import { processFileSchema, sharedFileSchema } from './schema.js';

export { CatalogError, type CatalogProblem } from './catalog-error.js';

const SHARED_FOLDER = 'shared';
const OPS_FOLDER = 'ops';
const isYaml = (name: string) => name.endsWith('.yaml') || name.endsWith('.yml');
const englishErrors = z.locales.en().localeError;

export async function loadCatalog(rootDir: string): Promise<Catalog> {
  const shown = (file: string) => path.relative(process.cwd(), file) || '.';
  const sharedDir = path.join(rootDir, SHARED_FOLDER);
  const problems: CatalogProblem[] = [];
  if (!(await isDirectory(sharedDir))) {
    throw new CatalogError([{ file: shown(sharedDir), path: '(folder)', message: 'the shared catalog folder is missing' }]);
  }

  const parsed: ParsedFile[] = [];
  for (const file of (await readdir(sharedDir)).filter(isYaml).sort()) {
    const absolute = path.join(sharedDir, file);
    const content = await parseFile(absolute, shown(absolute), sharedFileSchema, problems);
    if (content) parsed.push({ kind: 'shared', file: shown(absolute), content });
  }
  for (const folder of (await readdir(rootDir)).sort()) {
    const opsDir = path.join(rootDir, folder, OPS_FOLDER);
    if (folder === SHARED_FOLDER || !(await isDirectory(opsDir))) continue;
    for (const absolute of await yamlFilesUnder(opsDir)) {
      const content = await parseFile(absolute, shown(absolute), processFileSchema, problems);
      if (content) parsed.push({ kind: 'process', file: shown(absolute), folder, content });
    }
  }
  // Cross-file checks on half-read files would only repeat the same mistakes in other words.
  if (problems.length) throw new CatalogError(problems);

  const { draft, problems: mergeProblems } = assemble(parsed, shown(sharedDir));
  // Without the shared sections every reference to them would fail too; report the cause only.
  if (mergeProblems.length) throw new CatalogError(mergeProblems);
  const crossProblems = crossCheck(draft);
  if (crossProblems.length) throw new CatalogError(crossProblems);
  return new Catalog(toCatalogData(draft));
}

async function parseFile<S extends z.ZodMiniType>(absolute: string, file: string, schema: S, problems: CatalogProblem[]): Promise<z.infer<S> | null> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(await readFile(absolute, 'utf8'), { prettyErrors: false, lineCounter });
  if (doc.errors.length) {
    for (const error of doc.errors) {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      problems.push({ file, path: `line ${line}, column ${col}`, message: `YAML syntax: ${error.message}` });
    }
    return null;
  }
  const result = z.safeParse(schema, doc.toJS() ?? {}, { error: englishErrors, reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) problems.push({ file, path: issuePath(issue.path), message: explain(issue) });
  return null;
}

/** zod's message, plus a hint for the most common YAML slip: `: ` inside unquoted text makes it a mapping. */
function explain(issue: z.core.$ZodIssue): string {
  const looksLikeSplitText = issue.code === 'invalid_type' && issue.expected === 'string' && issue.input !== null && typeof issue.input === 'object';
  return looksLikeSplitText ? `${issue.message} (text containing ": " must be quoted in YAML)` : issue.message;
}

/** `topics.reserve-inventory.retryPolicy`, `rules[2].messagePattern`. */
function issuePath(segments: PropertyKey[]): string {
  const text = segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('');
  return text || '(top level)';
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await yamlFilesUnder(full)));
    else if (isYaml(entry.name)) files.push(full);
  }
  return files;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
