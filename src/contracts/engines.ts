// The engines this workbench serves. With one engine the SPA shows none of this (the single-engine UI stays as
// it was); with several, cases, queue rows and search results name their engine by its label.
import * as z from 'zod/mini';

export const engineInfoSchema = z.object({
  /** Stored on every case as `engineId`. */
  id: z.string(),
  /** What users read: the tenant or site the engine serves. */
  label: z.string(),
  /** Camunda 7 or Operaton: configured, or told from the engine's version; null while unknown. */
  flavor: z.nullable(z.enum(['camunda', 'operaton', 'unknown'])),
  /** Its Cockpit (the flavour's webapp path); null while the flavour is unknown. */
  cockpitUrl: z.nullable(z.string()),
});
export type EngineInfo = z.infer<typeof engineInfoSchema>;

/** `GET /api/engines`: every configured engine, the primary first. */
export const engineListSchema = z.object({ engines: z.array(engineInfoSchema) });
export type EngineList = z.infer<typeof engineListSchema>;
