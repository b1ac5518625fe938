import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration', () => {
  it('takes the lease on running commands down to 2 s and no lower, 60 s when unset', () => {
    expect(loadConfig({}).COMMAND_LEASE_MS).toBe(60_000);
    expect(loadConfig({ COMMAND_LEASE_MS: '2000' }).COMMAND_LEASE_MS).toBe(2000);
    expect(() => loadConfig({ COMMAND_LEASE_MS: '1999' })).toThrow(/COMMAND_LEASE_MS/);
  });
});
