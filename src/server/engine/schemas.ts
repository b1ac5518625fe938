// zod schemas of the engine REST responses the adapter reads. Most engine fields are nullable; only what the
// workbench relies on is required. Dates are normalised to UTC ISO strings on the way in.
import { z } from 'zod';
import { engineDateToIso } from './dates.js';

const engineDate = z.string().transform(engineDateToIso);
const nullableDate = z.string().nullable().optional().transform((v) => (v ? engineDateToIso(v) : null));
const nstr = z.string().nullable().optional().transform((v) => v ?? null);

export const versionSchema = z.object({ version: z.string() });

export const incidentSchema = z.object({
  id: z.string(),
  processDefinitionId: nstr,
  processInstanceId: z.string(),
  executionId: nstr,
  incidentTimestamp: engineDate,
  incidentType: z.string(),
  activityId: z.string(),
  failedActivityId: nstr,
  causeIncidentId: nstr,
  rootCauseIncidentId: nstr,
  configuration: nstr,
  tenantId: nstr,
  incidentMessage: nstr,
  jobDefinitionId: nstr,
  annotation: nstr,
});
export type EngineIncident = z.infer<typeof incidentSchema>;

export const historicProcessInstanceSchema = z.object({
  id: z.string(),
  businessKey: nstr,
  processDefinitionId: z.string(),
  processDefinitionKey: z.string(),
  processDefinitionName: nstr,
  processDefinitionVersion: z.number().nullable().optional().transform((v) => v ?? null),
  startTime: nullableDate,
  endTime: nullableDate,
  superProcessInstanceId: nstr,
  rootProcessInstanceId: nstr,
  tenantId: nstr,
  state: nstr,
});
export type EngineHistoricProcessInstance = z.infer<typeof historicProcessInstanceSchema>;

export const historicActivityInstanceSchema = z.object({
  id: z.string(),
  activityId: z.string(),
  activityName: nstr,
  activityType: z.string(),
  processInstanceId: z.string(),
  processDefinitionId: nstr,
  calledProcessInstanceId: nstr,
  startTime: engineDate,
  endTime: nullableDate,
  canceled: z.boolean().nullable().optional().transform((v) => v ?? false),
  sequenceCounter: z.number().nullable().optional(),
});
export type EngineHistoricActivityInstance = z.infer<typeof historicActivityInstanceSchema>;

export interface EngineActivityInstance {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  childActivityInstances: EngineActivityInstance[];
  childTransitionInstances: { id: string; activityId: string; incidentIds: string[] }[];
  incidentIds: string[];
}

export const activityInstanceSchema: z.ZodType<EngineActivityInstance> = z.lazy(() =>
  z.object({
    id: z.string(),
    activityId: z.string(),
    activityName: nstr,
    activityType: z.string(),
    childActivityInstances: z.array(activityInstanceSchema),
    childTransitionInstances: z.array(
      z.object({
        id: z.string(),
        activityId: z.string(),
        incidentIds: z.array(z.string()).nullable().optional().transform((v) => v ?? []),
      }),
    ),
    incidentIds: z.array(z.string()).nullable().optional().transform((v) => v ?? []),
  }),
) as unknown as z.ZodType<EngineActivityInstance>;

export const processDefinitionSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: nstr,
  version: z.number(),
  deploymentId: nstr,
  versionTag: nstr,
  tenantId: nstr,
});
export type EngineProcessDefinition = z.infer<typeof processDefinitionSchema>;

export const processDefinitionXmlSchema = z.object({ id: z.string(), bpmn20Xml: z.string() });

export const externalTaskSchema = z.object({
  id: z.string(),
  activityId: z.string(),
  topicName: z.string(),
  workerId: nstr,
  retries: z.number().nullable().optional().transform((v) => v ?? null),
  lockExpirationTime: nullableDate,
  errorMessage: nstr,
  processInstanceId: z.string(),
  suspended: z.boolean().optional(),
});
export type EngineExternalTask = z.infer<typeof externalTaskSchema>;

export const jobSchema = z.object({
  id: z.string(),
  jobDefinitionId: nstr,
  processInstanceId: nstr,
  retries: z.number(),
  exceptionMessage: nstr,
  dueDate: nullableDate,
  suspended: z.boolean().optional(),
});
export type EngineJob = z.infer<typeof jobSchema>;

/** Which activity a job belongs to, and what kind of job it is (`timer-…`, `async-continuation`, …). */
export const jobDefinitionSchema = z.object({
  id: z.string(),
  activityId: nstr,
  jobType: nstr,
  jobConfiguration: nstr,
});
export type EngineJobDefinition = z.infer<typeof jobDefinitionSchema>;

/** A token waiting for a message, a signal or a condition. */
export const eventSubscriptionSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  eventName: nstr,
  activityId: nstr,
  processInstanceId: nstr,
  createdDate: nullableDate,
});
export type EngineEventSubscription = z.infer<typeof eventSubscriptionSchema>;

export const countSchema = z.object({ count: z.number() });

/** A running process instance (runtime), as `POST /process-instance` lists it. */
export const runtimeProcessInstanceSchema = z.object({
  id: z.string(),
  definitionId: nstr,
  businessKey: nstr,
  suspended: z.boolean().nullable().optional().transform((v) => v ?? false),
});
export type EngineRuntimeProcessInstance = z.infer<typeof runtimeProcessInstanceSchema>;

/**
 * One entry of the engine's user operation log (`GET /history/user-operation`): one property of an operation a
 * user ran through the engine's API (Cockpit, REST, Java). Entries of one operation share `operationId`.
 */
export const userOperationSchema = z.object({
  id: z.string(),
  operationId: nstr,
  timestamp: engineDate,
  userId: nstr,
  operationType: z.string(),
  entityType: nstr,
  property: nstr,
  orgValue: nstr,
  newValue: nstr,
  processInstanceId: nstr,
  rootProcessInstanceId: nstr,
  externalTaskId: nstr,
  jobId: nstr,
  category: nstr,
  annotation: nstr,
});
export type EngineUserOperation = z.infer<typeof userOperationSchema>;

export const engineErrorBodySchema = z
  .object({ type: z.string().nullable().optional(), message: z.string().nullable().optional() })
  .passthrough();

// --- Process instance migration (playbook §17): `/migration/*` and the reads the planner makes. ---

/** One instruction of an engine migration plan (`POST /migration/generate` answers them; validate and execute take them). */
export const migrationInstructionSchema = z.object({
  sourceActivityIds: z.array(z.string()),
  targetActivityIds: z.array(z.string()),
  updateEventTrigger: z.boolean().nullable().optional().transform((v) => v ?? false),
});
export type EngineMigrationInstruction = z.infer<typeof migrationInstructionSchema>;

export const migrationPlanSchema = z.object({
  sourceProcessDefinitionId: z.string(),
  targetProcessDefinitionId: z.string(),
  instructions: z.array(migrationInstructionSchema).nullable().optional().transform((v) => v ?? []),
});
export type EngineMigrationPlan = z.infer<typeof migrationPlanSchema>;

/** `POST /migration/validate`: instruction failures, and (7.16+) failures of the plan's variables by name. */
export const migrationValidationReportSchema = z.object({
  instructionReports: z
    .array(z.object({ instruction: migrationInstructionSchema.nullable().optional(), failures: z.array(z.string()).nullable().optional().transform((v) => v ?? []) }))
    .nullable()
    .optional()
    .transform((v) => v ?? []),
  variableReports: z
    .record(z.string(), z.object({ failures: z.array(z.string()).nullable().optional().transform((v) => v ?? []) }).passthrough())
    .nullable()
    .optional()
    .transform((v) => v ?? {}),
});
export type EngineMigrationValidationReport = z.infer<typeof migrationValidationReportSchema>;

/** A process definition as the planner names it: id, key, version and display name. */
export const definitionByVersionSchema = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number(),
  name: nstr,
});
export type EngineDefinitionByVersion = z.infer<typeof definitionByVersionSchema>;

/** A running instance as the planner reads it (which definition it runs on, its business key). */
export const migrationInstanceSchema = z.object({
  id: z.string(),
  definitionId: z.string(),
  businessKey: nstr,
  ended: z.boolean().nullable().optional().transform((v) => v ?? false),
  suspended: z.boolean().nullable().optional().transform((v) => v ?? false),
});
export type EngineMigrationInstance = z.infer<typeof migrationInstanceSchema>;

/** `POST /variable-instance`: a variable of an instance, with the execution it lives on (the instance itself: a process variable). */
export const variableInstanceSchema = z.object({
  name: z.string(),
  type: nstr,
  value: z.unknown(),
  processInstanceId: nstr,
  executionId: nstr,
});
export type EngineVariableInstance = z.infer<typeof variableInstanceSchema>;
