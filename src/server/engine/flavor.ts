// Which engine answers, told from GET /version alone (every engine with Camunda 7's REST API has it, and the
// health probe asks it anyway). Camunda 7 numbers 7.x, its Enterprise builds end in "-ee"; Operaton, the fork,
// restarted at 1.0. The workbench behaves the same against both: the flavour is reported (/api/health), never
// branched on. Where an older engine omits a field (7.22 and 7.23 send external tasks without `createTime`)
// the response schemas tolerate it instead.
// CIB seven, another fork, also numbers from 1.x and would be reported as Operaton; it is not verified here.

export const engineFlavors = ['camunda', 'operaton', 'unknown'] as const;
export type EngineFlavorName = (typeof engineFlavors)[number];

export interface EngineIdentity {
  flavor: EngineFlavorName;
  version: string;
  /** Camunda 7 Enterprise Edition (version suffix -ee). */
  enterprise: boolean;
}

const CAMUNDA_7 = /^7\.\d+\.\d+(?:-([\w.-]+))?$/;
const OPERATON = /^[12]\.\d+\.\d+(?:-[\w.-]+)?$/;

export function identifyEngine(version: string): EngineIdentity {
  const camunda = CAMUNDA_7.exec(version.trim());
  if (camunda) return { flavor: 'camunda', version, enterprise: camunda[1]?.toLowerCase() === 'ee' };
  return { flavor: OPERATON.test(version.trim()) ? 'operaton' : 'unknown', version, enterprise: false };
}
