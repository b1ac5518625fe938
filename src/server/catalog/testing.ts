/** Helpers for tests: the reference catalog shipped in the repo's `workflows` folder, and editable copies of it. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from './catalog.js';
import { loadCatalog } from './load.js';

export const REFERENCE_WORKFLOWS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'workflows');

let loading: Promise<Catalog> | null = null;

/** The repo's catalog, loaded once per test process. */
export async function referenceCatalog(): Promise<Catalog> {
  loading ??= loadCatalog(REFERENCE_WORKFLOWS_DIR);
  return loading;
}

/** A throw-away copy of the reference catalog files (shared folder and every `<process>/ops`), for editing. */
export function copyReferenceCatalog(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ops-catalog-'));
  cpSync(path.join(REFERENCE_WORKFLOWS_DIR, 'shared'), path.join(dir, 'shared'), { recursive: true });
  for (const folder of readdirSync(REFERENCE_WORKFLOWS_DIR, { withFileTypes: true })) {
    const ops = path.join(REFERENCE_WORKFLOWS_DIR, folder.name, 'ops');
    if (folder.isDirectory() && folder.name !== 'shared' && existsSync(ops)) cpSync(ops, path.join(dir, folder.name, 'ops'), { recursive: true });
  }
  return dir;
}

/** Replaces `search` in a copied catalog file; throws when it is not there, so a stale test cannot pass silently. */
export function editCatalogFile(dir: string, relativeFile: string, search: string | RegExp, replacement: string): string {
  const file = path.join(dir, relativeFile);
  const before = readFileSync(file, 'utf8');
  const after = before.replace(search, replacement);
  if (after === before) throw new Error(`${relativeFile} does not contain ${String(search)}`);
  writeFileSync(file, after);
  return file;
}

