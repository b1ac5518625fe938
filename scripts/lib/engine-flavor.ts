// Which reference engine the scripts build and start: Camunda 7 CE (the default) or Operaton, the community
// fork that keeps Camunda 7's REST API. ENGINE_FLAVOR picks one; everything that differs between them is here.
// The versions are read from engine/pom.xml, so a version bump is one edit there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export const ENGINE_FLAVORS = ['camunda', 'operaton'] as const;
export type EngineFlavor = (typeof ENGINE_FLAVORS)[number];

export interface FlavorSpec {
  flavor: EngineFlavor;
  /** For messages: "Camunda 7.24.0", "Operaton 1.0.3". */
  product: string;
  /** What the engine's GET /version must answer: the BOM version the profile builds against. */
  expectedVersion: string;
  /** The Maven profile of engine/pom.xml that builds this flavour. */
  mavenProfile: EngineFlavor;
  jar: string;
  /** Cockpit on the engine's port: the webapps' application path differs (/camunda, /operaton). */
  cockpitPath: string;
  /**
   * Where `npm start` keeps this flavour's state (engine H2, demo services, PGlite, logs). Camunda keeps
   * `.data` as before; Operaton gets a folder of its own, so switching flavours never mixes one engine's
   * database, demo orders or read model with the other's.
   */
  dataHome: string;
}

export const ENGINE_DIR = path.join(REPO_ROOT, 'engine');
const POM = path.join(ENGINE_DIR, 'pom.xml');

/** ENGINE_FLAVOR, parsed: unset means camunda; anything else unknown stops the start naming the variable. */
export function parseEngineFlavor(value: string | undefined): EngineFlavor {
  const flavor = (value ?? '').trim().toLowerCase() || 'camunda';
  if (!(ENGINE_FLAVORS as readonly string[]).includes(flavor)) {
    throw new Error(`ENGINE_FLAVOR must be one of ${ENGINE_FLAVORS.join(', ')}; got "${value}".`);
  }
  return flavor as EngineFlavor;
}

function pomProperty(pom: string, name: string): string {
  const value = new RegExp(`<${name.replace(/\./g, '\\.')}>([^<]+)</`).exec(pom)?.[1]?.trim();
  if (!value) throw new Error(`engine/pom.xml has no <${name}> property.`);
  return value;
}

/** The spec of one flavour; by default the one ENGINE_FLAVOR names. */
export function flavorSpec(flavor: EngineFlavor = parseEngineFlavor(process.env.ENGINE_FLAVOR), pom = readFileSync(POM, 'utf8')): FlavorSpec {
  const expectedVersion = pomProperty(pom, `${flavor}.version`);
  return {
    flavor,
    product: `${flavor === 'camunda' ? 'Camunda' : 'Operaton'} ${expectedVersion}`,
    expectedVersion,
    mavenProfile: flavor,
    jar: path.join(ENGINE_DIR, 'target', flavor, `reference-engine-${flavor}.jar`),
    cockpitPath: `/${flavor}/app/cockpit/`,
    dataHome: flavor === 'camunda' ? path.join(REPO_ROOT, '.data') : path.join(REPO_ROOT, '.data', flavor),
  };
}
