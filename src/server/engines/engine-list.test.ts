import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { cockpitUrlOf, loadEngineList } from './engine-list.js';

const noFile = () => {
  throw new Error('no file expected');
};

describe('the engine list', () => {
  it('is the one engine of the single-engine variables when ENGINES and ENGINES_FILE are unset', () => {
    expect(loadEngineList(loadConfig({}), {}, noFile)).toEqual([
      { id: 'default', label: 'Engine', url: 'http://127.0.0.1:8080/engine-rest', user: 'workbench', password: 'workbench-secret', flavor: null, cockpitUrl: null, domainServices: null, timeoutMs: 10_000 },
    ]);
  });

  it('reads several engines from ENGINES, credentials inline or from the variables an entry names', () => {
    const ENGINES = JSON.stringify([
      { id: 'north', label: 'North', url: 'https://north.example/engine-rest', userEnv: 'NORTH_USER', passwordEnv: 'NORTH_PASSWORD', flavor: 'camunda' },
      { id: 'south', url: 'https://south.example/engine-rest', user: 'wb', password: 'pw', domainServices: 'orders=http://south-orders' },
    ]);
    const list = loadEngineList(loadConfig({ ENGINES }), { NORTH_USER: 'north-wb', NORTH_PASSWORD: 'north-secret' }, noFile);
    expect(list.map((e) => [e.id, e.label, e.user, e.password, e.flavor, e.domainServices])).toEqual([
      ['north', 'North', 'north-wb', 'north-secret', 'camunda', null],
      ['south', 'south', 'wb', 'pw', null, 'orders=http://south-orders'],
    ]);
  });

  it('reads the same list from ENGINES_FILE', () => {
    const list = loadEngineList(loadConfig({ ENGINES_FILE: '/etc/fw/engines.json' }), {}, (file) => {
      expect(file).toBe('/etc/fw/engines.json');
      return '[{"id":"eu","label":"EU","url":"http://eu:8080/engine-rest"}]';
    });
    expect(list.map((e) => [e.id, e.user])).toEqual([['eu', 'workbench']]);
  });

  it('stops the start naming the entry and the field of a bad list', () => {
    const load = (ENGINES: string, env: NodeJS.ProcessEnv = {}) => () => loadEngineList(loadConfig({ ENGINES }), env, noFile);
    expect(load('not json')).toThrow(/ENGINES is not JSON/);
    expect(load('[]')).toThrow(/ENGINES: the list: must name at least one engine/);
    expect(load('[{"id":"North","url":"http://x/engine-rest"}]')).toThrow(/entry 0 \(id "North"\) id: must be 1–40 lower-case letters/);
    expect(load('[{"id":"a","url":"not a url"}]')).toThrow(/entry 0 \(id "a"\) url: must be the engine REST base URL/);
    expect(load('[{"id":"a","url":"http://a/engine-rest"},{"id":"a","url":"http://b/engine-rest"}]')).toThrow(/engine ids must be unique/);
    expect(load('[{"id":"a","url":"http://a/engine-rest","flavor":"zeebe"}]')).toThrow(/entry 0 \(id "a"\) flavor/);
    expect(load('[{"id":"a","url":"http://a/engine-rest","pasword":"x"}]')).toThrow(/entry 0 \(id "a"\).*pasword/);
    expect(load('[{"id":"a","url":"http://a/engine-rest","passwordEnv":"A_PW"}]')).toThrow(/entry 0 \(id "a"\) passwordEnv: the environment variable A_PW is not set/);
    expect(() => loadEngineList(loadConfig({ ENGINES: '[]', ENGINES_FILE: 'x' }), {}, noFile)).toThrow(/ENGINES or ENGINES_FILE, not both/);
  });

  it("points at each flavour's Cockpit on the engine's host, unless one is configured", () => {
    expect(cockpitUrlOf({ url: 'http://eng:8080/engine-rest', cockpitUrl: null }, 'operaton')).toBe('http://eng:8080/operaton/app/cockpit/');
    expect(cockpitUrlOf({ url: 'http://eng:8080/engine-rest', cockpitUrl: null }, 'camunda')).toBe('http://eng:8080/camunda/app/cockpit/');
    expect(cockpitUrlOf({ url: 'http://eng:8080/engine-rest', cockpitUrl: 'https://ops.example/cockpit/' }, null)).toBe('https://ops.example/cockpit/');
    expect(cockpitUrlOf({ url: 'http://eng:8080/engine-rest', cockpitUrl: null }, null)).toBeNull();
  });
});
