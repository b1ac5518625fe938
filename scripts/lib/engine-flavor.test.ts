import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flavorSpec, parseEngineFlavor } from './engine-flavor.js';
import { REPO_ROOT } from './paths.js';

describe('ENGINE_FLAVOR', () => {
  it('defaults to camunda and accepts operaton in any case', () => {
    expect(parseEngineFlavor(undefined)).toBe('camunda');
    expect(parseEngineFlavor('')).toBe('camunda');
    expect(parseEngineFlavor(' Operaton ')).toBe('operaton');
  });

  it('refuses anything else, naming the variable and the choices', () => {
    expect(() => parseEngineFlavor('cibseven')).toThrow('ENGINE_FLAVOR must be one of camunda, operaton; got "cibseven".');
  });
});

describe('flavorSpec', () => {
  it('takes the expected versions from engine/pom.xml, one jar and Cockpit path per flavour', () => {
    const camunda = flavorSpec('camunda');
    const operaton = flavorSpec('operaton');
    expect(camunda.expectedVersion).toMatch(/^7\.\d+\.\d+$/);
    expect(operaton.expectedVersion).toMatch(/^1\.\d+\.\d+$/);
    expect(camunda.jar).toBe(path.join(REPO_ROOT, 'engine', 'target', 'camunda', 'reference-engine-camunda.jar'));
    expect(operaton.jar).toBe(path.join(REPO_ROOT, 'engine', 'target', 'operaton', 'reference-engine-operaton.jar'));
    expect(camunda.cockpitPath).toBe('/camunda/app/cockpit/');
    expect(operaton.cockpitPath).toBe('/operaton/app/cockpit/');
    // Camunda keeps the state folder it always had; Operaton's never mixes with it.
    expect(camunda.dataHome).toBe(path.join(REPO_ROOT, '.data'));
    expect(operaton.dataHome).toBe(path.join(REPO_ROOT, '.data', 'operaton'));
  });

  it('says which property is missing from the pom', () => {
    expect(() => flavorSpec('operaton', '<properties><camunda.version>7.24.0</camunda.version></properties>')).toThrow('engine/pom.xml has no <operaton.version> property.');
    expect(flavorSpec('camunda', '<camunda.version> 7.23.0 </camunda.version>').product).toBe('Camunda 7.23.0');
  });
});
