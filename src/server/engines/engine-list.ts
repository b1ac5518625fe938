// The engines one workbench serves: a list from ENGINES (JSON) or ENGINES_FILE, or, when neither is set, the one
// engine the single-engine variables describe (CAMUNDA_URL, CAMUNDA_USER, …, id ENGINE_ID, `default` unless set).
// Secrets stay out of files: an entry may name the environment variables that hold its user and password.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ENGINE_LIST_FLAVORS = ['camunda', 'operaton'] as const;

export interface EngineSpec {
  /** Stable id stored on every case, incident and operation of this engine (`engine_id`). */
  id: string;
  /** What users read: the tenant or site the engine serves. */
  label: string;
  /** Engine REST base, e.g. https://engine.example/engine-rest */
  url: string;
  user: string;
  password: string;
  /** Camunda 7 or Operaton when stated; otherwise told from the engine's GET /version. */
  flavor: (typeof ENGINE_LIST_FLAVORS)[number] | null;
  /** Where its Cockpit is; defaults to the engine's host with the flavour's webapp path. */
  cockpitUrl: string | null;
  /** `name=url` pairs of this engine's domain services; null: the workbench's DOMAIN_SERVICES. */
  domainServices: string | null;
  timeoutMs: number;
}

const id = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, 'must be 1–40 lower-case letters, digits or dashes (it is stored on every case)');

/** One entry; credentials inline or by the name of the environment variable that holds them. */
const entrySchema = z
  .strictObject({
    id,
    label: z.string().trim().min(1).max(60).optional(),
    url: z.string().url('must be the engine REST base URL, e.g. https://engine.example/engine-rest'),
    user: z.string().min(1).optional(),
    userEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    password: z.string().min(1).optional(),
    passwordEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name').optional(),
    flavor: z.enum(ENGINE_LIST_FLAVORS).optional(),
    cockpitUrl: z.string().url().optional(),
    domainServices: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().optional(),
  })
  .refine((e) => !(e.user && e.userEnv), { message: 'give user or userEnv, not both', path: ['user'] })
  .refine((e) => !(e.password && e.passwordEnv), { message: 'give password or passwordEnv, not both', path: ['password'] });

const listSchema = z
  .array(entrySchema)
  .min(1, 'must name at least one engine')
  .refine((list) => new Set(list.map((e) => e.id)).size === list.length, { message: 'engine ids must be unique' });

export interface SingleEngineDefaults {
  CAMUNDA_URL: string;
  CAMUNDA_USER: string;
  CAMUNDA_PASSWORD: string;
  CAMUNDA_TIMEOUT_MS: number;
  ENGINE_ID: string;
  ENGINES?: string;
  ENGINES_FILE?: string;
}

/** Reads the engine list once at start-up; a bad entry stops the start naming the source, entry and field. */
export function loadEngineList(config: SingleEngineDefaults, env: NodeJS.ProcessEnv = process.env, readFile = (file: string) => readFileSync(file, 'utf8')): EngineSpec[] {
  if (config.ENGINES && config.ENGINES_FILE) throw new Error('Invalid configuration: set ENGINES or ENGINES_FILE, not both.');
  const source = config.ENGINES ? 'ENGINES' : config.ENGINES_FILE ? `ENGINES_FILE (${config.ENGINES_FILE})` : null;
  if (!source) {
    return [{
      id: config.ENGINE_ID, label: config.ENGINE_ID === 'default' ? 'Engine' : config.ENGINE_ID, url: config.CAMUNDA_URL,
      user: config.CAMUNDA_USER, password: config.CAMUNDA_PASSWORD, flavor: null, cockpitUrl: null, domainServices: null, timeoutMs: config.CAMUNDA_TIMEOUT_MS,
    }];
  }
  let text: string;
  try {
    text = config.ENGINES ?? readFile(config.ENGINES_FILE!);
  } catch (error) {
    throw new Error(`Invalid configuration: ${source} cannot be read: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`Invalid configuration: ${source} is not JSON: ${(error as Error).message}`);
  }
  const parsed = listSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${entryPath(raw, i.path)}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${source}: ${problems}`);
  }
  return parsed.data.map((e, index) => ({
    id: e.id,
    label: e.label ?? e.id,
    url: e.url,
    user: secret(env, source, index, e.id, 'user', e.user, e.userEnv) ?? config.CAMUNDA_USER,
    password: secret(env, source, index, e.id, 'password', e.password, e.passwordEnv) ?? config.CAMUNDA_PASSWORD,
    flavor: e.flavor ?? null,
    cockpitUrl: e.cockpitUrl ?? null,
    domainServices: e.domainServices ?? null,
    timeoutMs: e.timeoutMs ?? config.CAMUNDA_TIMEOUT_MS,
  }));
}

/** `[1] (id "eu")`: which entry a problem is in, by position and, where it has one, by id. */
function entryPath(raw: unknown, path: PropertyKey[]): string {
  if (path.length === 0) return 'the list';
  const [index, ...rest] = path;
  const entryId = Array.isArray(raw) && typeof index === 'number' ? (raw[index] as { id?: unknown } | undefined)?.id : undefined;
  return `entry ${String(index)}${typeof entryId === 'string' ? ` (id "${entryId}")` : ''}${rest.length ? ` ${rest.join('.')}` : ''}`;
}

function secret(env: NodeJS.ProcessEnv, source: string, index: number, engineId: string, field: string, inline: string | undefined, envName: string | undefined): string | undefined {
  if (inline) return inline;
  if (!envName) return undefined;
  const value = env[envName];
  if (!value) throw new Error(`Invalid configuration: ${source}: entry ${index} (id "${engineId}") ${field}Env: the environment variable ${envName} is not set.`);
  return value;
}

/** The Cockpit of an engine: the configured URL, else the engine's host with the flavour's webapp path. */
export function cockpitUrlOf(spec: Pick<EngineSpec, 'url' | 'cockpitUrl'>, flavor: string | null): string | null {
  if (spec.cockpitUrl) return spec.cockpitUrl;
  if (flavor !== 'camunda' && flavor !== 'operaton') return null;
  const url = new URL(spec.url);
  return `${url.origin}/${flavor}/app/cockpit/`;
}
