import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { CRASH_MARKER, crashPoint, parseCrashPoints } from './crash-points.js';

const MODULE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash-points.ts');

describe('crash points (test-only)', () => {
  it('are off unless FW_CRASH_AT names them, and an unknown name stops the start naming the known ones', () => {
    expect(loadConfig({}).FW_CRASH_AT).toEqual([]);
    expect(loadConfig({ FW_CRASH_AT: 'after-intent, after-outcome' }).FW_CRASH_AT).toEqual(['after-intent', 'after-outcome']);
    expect(() => loadConfig({ FW_CRASH_AT: 'after-intnet' })).toThrow(/FW_CRASH_AT.*unknown crash point after-intnet \(known: after-intent, after-domain-effect/);
    expect(() => parseCrashPoints('after-intent,bogus')).toThrow(/bogus/);
    // Not armed in this process: passing one is nothing at all.
    crashPoint('after-intent', 'cmd-1');
  });

  it('kill the process by SIGKILL at an armed point, after one marker line naming the point and the command', () => {
    const script = `import { armCrashPoints, crashPoint } from ${JSON.stringify(MODULE)};
      armCrashPoints(['after-engine-effect']);
      crashPoint('after-intent', 'cmd-7');
      console.log('passed after-intent');
      crashPoint('after-engine-effect', 'cmd-7');
      console.log('still alive');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain('passed after-intent');
    expect(child.stdout).toMatch(new RegExp(`^${CRASH_MARKER.replace(/[[\]]/g, '\\$&')} after-engine-effect command=cmd-7 pid=\\d+$`, 'm'));
    expect(child.stdout).not.toContain('still alive');
  });
});
