// Before a freeze is stored: does the activity exist in the latest deployed definition of the process, and
// is there anything at it a freeze can hold (jobs, or external tasks)?
import { ApiProblem } from '../api-problem.js';
import { EngineRequestError, EngineResponseShapeError, EngineUnavailableError } from '../engine/errors.js';
import type { SuspensionEngine } from '../engine/suspension.js';
import type { FreezesRepo } from './freezes-repo.js';

/** BPMN elements that are activities or events, i.e. places a token can wait. */
const FLOW_NODE_TYPES = [
  'task', 'serviceTask', 'sendTask', 'receiveTask', 'userTask', 'manualTask', 'businessRuleTask', 'scriptTask',
  'callActivity', 'subProcess', 'transaction', 'adHocSubProcess',
  'startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent',
  'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'complexGateway',
];

export interface FlowNode {
  /** BPMN element name without prefix, e.g. `serviceTask`. */
  type: string;
  name: string | null;
  /** Handled by external-task workers (`camunda:type="external"` on the task or its message event). */
  external: boolean;
}

/** Finds a flow node by id in BPMN XML; diagram shapes and sequence flows with that id do not count. */
export function findFlowNode(xml: string, activityId: string): FlowNode | null {
  const id = activityId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const opening = new RegExp(`<((?:[\\w-]+:)?(${FLOW_NODE_TYPES.join('|')}))(\\s[^>]*?)?\\sid="${id}"([^>]*)>`).exec(xml);
  if (!opening) return null;
  const [tag, qualified, type] = opening;
  const selfClosing = tag.endsWith('/>');
  const closeAt = selfClosing ? -1 : xml.indexOf(`</${qualified}>`, opening.index);
  // Events carry their definition as a child element (message events may be external, too).
  const body = closeAt > 0 && !type!.endsWith('Process') && type !== 'transaction' ? xml.slice(opening.index, closeAt) : tag;
  const external = /\s[\w-]+:type="external"/.test(tag) || /<(?:[\w-]+:)?messageEventDefinition\s[^>]*[\w-]+:type="external"/.test(body);
  const name = /\sname="([^"]*)"/.exec(tag)?.[1] ?? null;
  return { type: type!, name, external };
}

export type ActivityCheck =
  | { verifiedBy: 'engine'; definitionId: string; type: string; external: boolean; jobDefinitions: number }
  /** The engine could not be asked; the read model has seen this activity of this process before. */
  | { verifiedBy: 'read-model' };

/**
 * 400 for an unknown process, an unknown activity, or one with nothing to hold. With the engine down the
 * freeze is still allowed (it is what stops retries in the workbench) when the read model knows the activity;
 * otherwise 503, since nothing could tell a typo from a real activity.
 */
export async function checkFreezableActivity(
  engine: SuspensionEngine,
  repo: FreezesRepo,
  target: { engineId: string; processDefinitionKey: string; activityId: string },
): Promise<ActivityCheck> {
  const { engineId, processDefinitionKey: key, activityId } = target;
  try {
    const latest = await engine.latestDefinition(key);
    if (!latest) throw new ApiProblem(400, 'UNKNOWN_PROCESS', `No process with key "${key}" is deployed on the engine.`);
    const node = findFlowNode(await engine.definitionXml(latest.id), activityId);
    if (!node) {
      throw new ApiProblem(400, 'UNKNOWN_ACTIVITY', `The latest version (${latest.version}) of "${key}" has no activity "${activityId}".`, {
        processDefinitionId: latest.id,
      });
    }
    const jobDefinitions = (await engine.jobDefinitionsAt({ definitionId: latest.id }, activityId)).length;
    if (!node.external && jobDefinitions === 0) {
      throw new ApiProblem(
        400,
        'ACTIVITY_NOT_FREEZABLE',
        `"${activityId}" (${node.type}) runs neither as an external task nor as a job, so a freeze would hold nothing there.`,
      );
    }
    return { verifiedBy: 'engine', definitionId: latest.id, type: node.type, external: node.external, jobDefinitions };
  } catch (error) {
    if (error instanceof EngineRequestError || error instanceof EngineResponseShapeError) {
      throw new ApiProblem(502, 'ENGINE_ERROR', `The engine could not answer whether "${activityId}" exists: ${error.message}. Nothing was frozen.`);
    }
    if (!(error instanceof EngineUnavailableError)) throw error;
    if (await repo.activitySeenLocally(engineId, key, activityId)) return { verifiedBy: 'read-model' };
    throw new ApiProblem(
      503,
      'ENGINE_UNAVAILABLE',
      `The engine is not reachable, and the workbench has not seen activity "${activityId}" of "${key}" before, so it cannot check that it exists. Nothing was frozen; try again when the engine answers.`,
    );
  }
}
