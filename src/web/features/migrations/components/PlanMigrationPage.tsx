import { Link, useNavigate, useSearchParams } from 'react-router';
import { createMigrationPlanRequestSchema } from '../../../../contracts/migrations.js';
import type { FormField } from '../../../components/form/contract-check.js';
import { SchemaForm, type FormProblem } from '../../../components/form/SchemaForm.js';
import { useSchemaForm } from '../../../components/form/use-schema-form.js';
import { toFailure, type RequestFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';
import { useCreateMigrationPlan } from '../api/manage-migrations.js';
import { RunningNowPicker } from './RunningNowPicker.js';
import './migrations.css';

const fields: FormField[] = [
  { name: 'processDefinitionKey', label: 'Process key' },
  { name: 'sourceVersion', label: 'Source version', kind: 'number', hint: 'where the orders run now', invalid: 'Source version must be a version number, e.g. 3.' },
  { name: 'targetVersion', label: 'Target version', kind: 'number', hint: 'where they should run', invalid: 'Target version must be a version number, e.g. 4.' },
  {
    name: 'scopeActivities',
    label: 'Steps in scope',
    kind: 'list',
    hint: 'step ids, one per line: orders waiting there move',
    missing: 'Name at least one step whose waiting orders should move.',
  },
  {
    name: 'activityMapping',
    label: 'Step mapping',
    kind: 'pairs',
    hint: 'one “old-step -> new-step” per line; a step not named keeps its id',
    invalid: 'Write each mapping as old-step -> new-step, one per line.',
  },
  { name: 'requiredVariables', label: 'Required variables', kind: 'list', hint: 'one per line; an order without one is left out' },
  { name: 'allowedOrderStates', label: 'Allowed order states', kind: 'list', hint: 'from the order service; empty: not checked' },
  { name: 'batchSize', label: 'Batch size', kind: 'number', hint: 'orders per batch after the canary', invalid: 'Batch size must be a whole number from 1 to 500.' },
  {
    name: 'batchIntervalSeconds',
    label: 'Seconds between batches',
    kind: 'number',
    hint: '0 to 3600',
    invalid: 'Seconds between batches must be a whole number from 0 to 3600 (one hour).',
  },
  { name: 'reason', label: 'Reason', kind: 'longtext', hint: 'shown to the approver, kept in the audit trail', missing: 'Say why these orders must move.' },
];

const codeHints: Record<string, string> = {
  MIGRATION_INVALID: 'Nothing was saved. Change the mapping or the scope and submit again.',
  FORBIDDEN: 'Only a platform owner plans migrations.',
};

function problemOf(failure: RequestFailure): FormProblem {
  const hint = codeHints[failure.code] ?? (failure.status >= 500 || failure.code === 'NETWORK' ? 'Nothing was saved; try again.' : null);
  return { message: failure.message, note: [hint, `(${failure.code}${failure.status ? `, HTTP ${failure.status}` : ''})`].filter(Boolean).join(' ') };
}

/** `/migrations/new`: the planner. Pre-filled from `?process=&source=&target=` (the Deployments page links here). */
export function PlanMigrationPage() {
  useDocumentTitle('Plan a migration');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const canPlan = hasAnyRole(useSessionUser(), uiAccess.planMigrations);
  const create = useCreateMigrationPlan();
  // With several engines the Deployments page names the engine; else the BFF takes the primary one.
  const engineParam = params.get('engine');
  const engineId = engineParam && /^[a-z0-9-]{1,40}$/.test(engineParam) ? engineParam : null;
  const state = useSchemaForm({
    contract: createMigrationPlanRequestSchema,
    fields,
    defaultValues: {
      processDefinitionKey: params.get('process') ?? '',
      sourceVersion: params.get('source') ?? '',
      targetVersion: params.get('target') ?? '',
      batchSize: '10',
      batchIntervalSeconds: '30',
    },
    fixed: engineId ? { engineId } : undefined,
  });

  return (
    <div className="page migration-new">
      <p className="breadcrumb-line">
        <Link to="/migrations">Migration plans</Link>
      </p>
      <div className="page__header">
        <div>
          <h1 className="page__title">Plan a migration</h1>
          <p className="page__subtitle">
            The workbench asks the engine to validate the mapping and freezes the list of orders it would move (the dry run). Nothing moves
            until a second person approves and someone starts it.
          </p>
        </div>
      </div>
      {!canPlan ? (
        <div className="notice notice--warning page-notice" role="alert" data-testid="cannot-plan">
          <p>Only a platform owner plans migrations. You can follow the plans on the Migration plans page.</p>
        </div>
      ) : null}
      <div className="migration-new__grid">
        <section className="panel" aria-labelledby="plan-form-title">
          <header className="panel__header">
            <h2 id="plan-form-title" className="panel__title">
              What moves, and how
            </h2>
            {engineId ? <EngineLabel engineId={engineId} /> : null}
          </header>
          <SchemaForm
            state={state}
            className="panel__body migration-form"
            footerClassName="migration-form__actions"
            initialFocus="none"
            pending={create.isPending}
            submitDisabled={!canPlan}
            onSubmit={(request) =>
              create.mutate(request, {
                onSuccess: (plan) => {
                  void navigate(`/migrations/${encodeURIComponent(plan.id)}`);
                  // The plan page starts at its top (the form was scrolled to its button).
                  if (document.scrollingElement) document.scrollingElement.scrollTop = 0;
                },
              })
            }
            submitLabel="Validate and dry-run"
            pendingLabel="Asking the engine…"
            problem={create.isError ? problemOf(toFailure(create.error)) : null}
            problemTestId="plan-error"
            aria-labelledby="plan-form-title"
          />
        </section>
        <RunningNowPicker state={state} engineId={engineId} />
      </div>
    </div>
  );
}
