import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('configuration', () => {
  it('takes the lease on running commands down to 2 s and no lower, 60 s when unset', () => {
    expect(loadConfig({}).COMMAND_LEASE_MS).toBe(60_000);
    expect(loadConfig({ COMMAND_LEASE_MS: '2000' }).COMMAND_LEASE_MS).toBe(2000);
    expect(() => loadConfig({ COMMAND_LEASE_MS: '1999' })).toThrow(/COMMAND_LEASE_MS/);
  });

  it('leaves /metrics open without METRICS_TOKEN, and refuses a token too short to guard it', () => {
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token' }).METRICS_TOKEN).toBe('a-long-enough-token');
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });

  it('sends alerts nowhere by default; a webhook is always signed, so it needs a secret of 16 characters or more', () => {
    expect([loadConfig({}).ALERTMANAGER_URL, loadConfig({}).ALERT_WEBHOOK_URL]).toEqual([undefined, undefined]);
    expect(loadConfig({ ALERTMANAGER_URL: 'http://alertmanager:9093' }).ALERTMANAGER_URL).toBe('http://alertmanager:9093');
    expect(() => loadConfig({ ALERTMANAGER_URL: 'alertmanager' })).toThrow(/ALERTMANAGER_URL/);
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.example.com/fallout' })).toThrow(/ALERT_WEBHOOK_SECRET: required when ALERT_WEBHOOK_URL is set/);
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.example.com/fallout', ALERT_WEBHOOK_SECRET: 'short' })).toThrow(/at least 16 characters/);
    expect(loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.example.com/fallout', ALERT_WEBHOOK_SECRET: 'a-long-enough-secret' }).ALERT_WEBHOOK_SECRET).toBe('a-long-enough-secret');
  });

  it('logs at info unless LOG_LEVEL names another pino level', () => {
    expect(loadConfig({}).LOG_LEVEL).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).LOG_LEVEL).toBe('warn');
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
  });
});
