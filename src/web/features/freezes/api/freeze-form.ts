// Validation of the freeze form against the shared contract, with messages per field.
import * as z from 'zod/mini';
import { createFreezeRequestSchema, type CreateFreezeRequest } from '../../../../contracts/freezes.js';

export const MIN_FREEZE_MINUTES = 5;
export const MAX_FREEZE_MINUTES = 7 * 24 * 60;

export interface FreezeFormValues {
  processDefinitionKey: string;
  activityId: string;
  reason: string;
  durationMinutes: string;
}

export type FreezeFormErrors = Partial<Record<keyof FreezeFormValues, string>>;

const labels: Record<keyof FreezeFormValues, string> = {
  processDefinitionKey: 'Process definition key',
  activityId: 'Activity id',
  reason: 'Reason',
  durationMinutes: 'Duration',
};

export function parseFreezeForm(values: FreezeFormValues): { ok: true; request: CreateFreezeRequest } | { ok: false; errors: FreezeFormErrors } {
  const errors: FreezeFormErrors = {};
  for (const name of ['processDefinitionKey', 'activityId', 'reason'] as const) {
    if (!values[name].trim()) errors[name] = `${labels[name]} is required.`;
  }
  const duration = values.durationMinutes.trim();
  const minutes = /^\d+$/.test(duration) ? Number(duration) : Number.NaN;
  if (!(minutes >= MIN_FREEZE_MINUTES && minutes <= MAX_FREEZE_MINUTES)) {
    errors.durationMinutes = `Duration must be a whole number of minutes from ${MIN_FREEZE_MINUTES} to ${MAX_FREEZE_MINUTES} (7 days).`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const checked = z.safeParse(createFreezeRequestSchema, {
    processDefinitionKey: values.processDefinitionKey.trim(),
    activityId: values.activityId.trim(),
    reason: values.reason.trim(),
    durationMinutes: minutes,
  });
  if (checked.success) return { ok: true, request: checked.data };
  for (const issue of checked.error.issues) {
    const name = issue.path[0] as keyof FreezeFormValues | undefined;
    if (name && !errors[name]) errors[name] = issue.code === 'too_big' ? `${labels[name]} is too long.` : `${labels[name]} is not valid.`;
  }
  return { ok: false, errors };
}
