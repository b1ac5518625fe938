// There is no container engine on the machines CI runs on, so the Dockerfile cannot be built there. This
// checks what would break its build or its start without one: every path it copies from the build context
// exists and is not excluded by .dockerignore, every npm script it runs exists, its Node version is one
// package.json allows, and the files the BFF and the migration step import at run time are in the image.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };

/** Instructions with their continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

const runtimeStart = instructions.findIndex((l) => / AS runtime$/.test(l));

const copiesOf = (lines: string[]) =>
  lines
  .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
  .map((l) => l.slice('COPY '.length).trim().split(/\s+/))
  .map((parts) => ({ sources: parts.slice(0, -1), target: parts.at(-1)! }));
const copies = copiesOf(instructions);
/** What the runtime stage copies from the build context (not from the build stage). */
const runtimeCopies = copiesOf(instructions.slice(runtimeStart));

describe('Dockerfile', () => {
  it('copies only paths that exist in the repository and are not excluded by .dockerignore', () => {
    const sources = copies.flatMap((c) => c.sources);
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      expect(existsSync(path.join(root, source)), `${source} exists`).toBe(true);
      const top = source.split('/')[0];
      expect(ignored, `${source} is not in .dockerignore`).not.toContain(top);
    }
  });

  it('runs npm scripts that exist, and starts the BFF', () => {
    const scripts = [...dockerfile.matchAll(/npm(?:",\s*"|\s+)run(?:",\s*"|\s+)([\w:-]+)/g)].map((m) => m[1]!);
    expect(scripts).toEqual(expect.arrayContaining(['build', 'bff']));
    for (const script of scripts) expect(Object.keys(pkg.scripts), `npm run ${script}`).toContain(script);
    expect(instructions.at(-1)).toBe('CMD ["npm", "run", "bff"]');
  });

  it('builds on a Node version package.json allows, named in one place', () => {
    const version = /^ARG NODE_VERSION=(\d+)$/m.exec(dockerfile)?.[1];
    const minimum = /^>=(\d+)$/.exec(pkg.engines.node)?.[1];
    expect(version).toBeDefined();
    expect(Number(version)).toBeGreaterThanOrEqual(Number(minimum));
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms).toHaveLength(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:\$\{NODE_VERSION\}-/);
  });

  it('puts in the runtime image every local file the BFF and the migration step import', () => {
    expect(runtimeStart).toBeGreaterThan(0);
    const inImage = runtimeCopies.flatMap((c) => c.sources);
    const covered = (file: string) => inImage.some((source) => file === source || file.startsWith(`${source}/`));
    // The run-time entry points and what they reach outside src/server.
    for (const file of ['src/server/main.ts', 'scripts/db-migrate.ts', 'src/server/store/migrations/001_cases.sql', 'workflows/shared', 'tsconfig.json']) {
      expect(covered(file), `${file} is in the image`).toBe(true);
    }
    const serverImports = [...readFileSync(path.join(root, 'src/server/compose.ts'), 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((m) =>
      path.relative(root, path.resolve(root, 'src/server', m[1]!)),
    );
    for (const file of serverImports) expect(covered(file), `${file} (imported by compose.ts) is in the image`).toBe(true);
  });

  it('runs as an unprivileged user with a readiness health check', () => {
    expect(instructions).toContain('USER node');
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/readyz/);
  });
});
