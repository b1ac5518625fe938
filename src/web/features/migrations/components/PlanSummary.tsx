import type { MigrationPlan } from '../../../../contracts/migrations.js';
import { plural } from '../../../lib/format.js';
import { msInWords } from '../../../lib/duration-words.js';
import { postChecksOf } from '../api/migration-words.js';

/** The plan in the playbook's terms (§17.2): source, target, reason, scope, exclusions, validation, post-checks, pace. */
export function PlanSummary({ plan }: { plan: MigrationPlan }) {
  const mapped = new Map(plan.activityMapping.map((m) => [m.from, m.to]));
  // The mapping holds the engine's generated pairs too (every step to the same id): only the renamed ones say something.
  const renamed = plan.activityMapping.filter((m) => m.from !== m.to && !plan.scopeActivities.includes(m.from));
  return (
    <section className="panel" aria-labelledby="plan-shape">
      <header className="panel__header">
        <h2 id="plan-shape" className="panel__title">
          The plan
        </h2>
      </header>
      <dl className="panel__body migration-shape" data-testid="plan-shape">
        <dt>Source</dt>
        <dd>
          Version {plan.sourceVersion}
          <span className="migration-sub migration-definition mono" data-technical>
            {plan.sourceDefinitionId}
          </span>
        </dd>
        <dt>Target</dt>
        <dd>
          Version {plan.targetVersion}
          <span className="migration-sub migration-definition mono" data-technical>
            {plan.targetDefinitionId}
          </span>
        </dd>
        <dt>Reason</dt>
        <dd className="fact-list__text">{plan.reason}</dd>
        <dt>Scope</dt>
        <dd>
          Orders waiting at
          <ul className="migration-shape__list" data-technical>
            {plan.scopeActivities.map((activityId) => (
              <li key={activityId}>
                <span className="mono">{activityId}</span>
                {(mapped.get(activityId) ?? activityId) === activityId ? (
                  <span className="muted"> (the same step in version {plan.targetVersion})</span>
                ) : (
                  <>
                    {' → '}
                    <span className="mono">{mapped.get(activityId)}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        </dd>
        {renamed.length > 0 ? (
          <>
            <dt>Other mappings</dt>
            <dd>
              <ul className="migration-shape__list" data-technical>
                {renamed.map((m) => (
                    <li key={m.from}>
                      <span className="mono">{m.from}</span> → <span className="mono">{m.to}</span>
                    </li>
                  ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Excluded</dt>
        <dd>Orders with an open fallout case (they are worked on their case), and orders failing the validation below.</dd>
        <dt>Validation</dt>
        <dd>
          <ul className="migration-shape__list" data-testid="plan-validations">
            {plan.requiredVariables.map((name) => (
              <li key={name}>
                Variable <span className="mono">{name}</span> exists
              </li>
            ))}
            {plan.allowedOrderStates.length > 0 ? (
              <li>
                The order service has the order in{' '}
                {plan.allowedOrderStates.map((s, i) => (
                  <span key={s}>
                    {i > 0 ? (i === plan.allowedOrderStates.length - 1 ? ' or ' : ', ') : ''}
                    <span className="mono">{s}</span>
                  </span>
                ))}
              </li>
            ) : (
              <li>The order's state is not checked</li>
            )}
            {plan.requiredVariables.length === 0 ? <li>No variable is required</li> : null}
          </ul>
        </dd>
        <dt>Post-checks</dt>
        <dd>
          After each order moves, else the plan halts:
          <ul className="migration-shape__list" data-testid="plan-post-checks">
            {postChecksOf(plan).map((check) => (
              <li key={check}>{check}</li>
            ))}
          </ul>
        </dd>
        <dt>Pace</dt>
        <dd data-testid="plan-pace">
          One canary order first; then batches of {plural(plan.batchSize, 'order')}
          {plan.batchIntervalSeconds > 0 ? `, ${msInWords(plan.batchIntervalSeconds * 1000)} apart` : ', one after the other'}. A failed check halts the plan.
        </dd>
      </dl>
    </section>
  );
}

/** The engine's verdict on the mapping, from when the plan was made. */
export function EngineValidation({ validation }: { validation: MigrationPlan['validation'] }) {
  return (
    <section className="panel" aria-labelledby="plan-validation">
      <header className="panel__header">
        <h2 id="plan-validation" className="panel__title">
          Engine validation
        </h2>
      </header>
      <div className="panel__body" data-testid="engine-validation">
        {validation.valid && validation.failures.length === 0 ? (
          <p className="migration-ok">The engine accepts the mapping for every step in scope.</p>
        ) : (
          <>
            <p className={validation.valid ? 'migration-warning' : 'migration-problem'}>
              {validation.valid ? 'The engine accepts the mapping, with remarks:' : 'The engine refuses the mapping:'}
            </p>
            <ul className="migration-shape__list">
              {validation.failures.map((f, i) => (
                <li key={i}>
                  {f.activityId ? (
                    <span className="mono" data-technical>
                      {f.activityId}:{' '}
                    </span>
                  ) : null}
                  {/* Engine text is untrusted: shown as text only. */}
                  <span>{f.message}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
