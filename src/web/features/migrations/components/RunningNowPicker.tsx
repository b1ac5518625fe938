import { useState } from 'react';
import type { DeploymentVersion } from '../../../../contracts/deployments.js';
import type { SchemaFormState } from '../../../components/form/use-schema-form.js';
import { SkeletonBlock } from '../../../components/ui/States.js';
import { plural } from '../../../lib/format.js';
import { useDeployments } from '../../deployments/api/get-deployments.js';

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * Beside the planner: the deployed versions of the chosen process and where their orders wait now (from
 * `GET /api/deployments`), with buttons that fill the form. The form stays the only thing sent; this only helps
 * pick ids that exist.
 */
export function RunningNowPicker<T>({ state, engineId }: { state: SchemaFormState<T>; engineId: string | null }) {
  const deployments = useDeployments();
  const { form } = state;
  // watch() re-renders the page that owns the form (and so this panel) on every change of these fields.
  const [key, source, target, scope, mapping] = form.watch(['processDefinitionKey', 'sourceVersion', 'targetVersion', 'scopeActivities', 'activityMapping']);
  const set = (name: string, value: string) => form.setValue(name, value, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });

  const processes = (deployments.data?.processes ?? []).map((p) => ({ ...p, versions: p.versions.filter((v) => !engineId || v.engineId === engineId) }));
  const process = processes.find((p) => p.processKey === key?.trim());
  const versionOf = (n: string | undefined) => process?.versions.find((v) => String(v.version) === n?.trim()) ?? null;
  const sourceVersion = versionOf(source);
  const targetVersion = versionOf(target);
  const inScope = lines(scope);
  const mappedFrom = new Set(lines(mapping?.replaceAll(',', '\n')).map((l) => l.split(/->|→|=/)[0]!.trim()));
  const nameOf = (activityId: string) =>
    // A step's name from any version's report: its steps, or the steps a later version removed.
    process?.versions
      .flatMap((v) => [...(v.report?.steps ?? []), ...(v.report?.activitiesRemoved ?? [])])
      .find((s) => s.activityId === activityId && s.name)?.name ?? null;

  return (
    <aside className="panel migration-picker" aria-labelledby="picker-title" data-testid="running-now">
      <header className="panel__header">
        <h2 id="picker-title" className="panel__title">
          Running now
        </h2>
      </header>
      <div className="panel__body migration-picker__body">
        {deployments.isPending ? (
          <SkeletonBlock label="Loading the deployed versions" />
        ) : deployments.isError ? (
          <p className="muted">The deployed versions could not be loaded; type the ids instead.</p>
        ) : !process ? (
          <>
            <p className="muted" data-testid="picker-unknown">
              {key?.trim()
                ? `The workbench has no version of “${key.trim()}” on record yet (the background sync reports a new deployment within a minute); the ids can still be typed. Or pick a process:`
                : 'Pick a process:'}
            </p>
            <ul className="migration-picker__list">
              {processes.map((p) => {
                const latest = p.versions[0];
                const older = p.versions.find((v) => v !== latest && v.running > 0);
                return (
                  <li key={p.processKey}>
                    <button
                      type="button"
                      className="ui-button ui-button--small"
                      onClick={() => {
                        set('processDefinitionKey', p.processKey);
                        if (older) set('sourceVersion', String(older.version));
                        if (latest) set('targetVersion', String(latest.version));
                      }}
                    >
                      {p.processName ?? p.processKey}
                    </button>{' '}
                    <span className="muted mono" data-technical>
                      {p.processKey}
                    </span>
                  </li>
                );
              })}
            </ul>
          </>
        ) : (
          <>
            <h3 className="migration-picker__heading">{process.processName ?? 'Process without a name'}: versions</h3>
            <ul className="migration-picker__list" data-testid="picker-versions">
              {process.versions.map((v, i) => (
                <li key={`${v.engineId}-${v.version}`} className="migration-picker__version">
                  <span>
                    Version {v.version}
                    {i === 0 ? ' (latest)' : ''} · {v.running === 0 ? 'no orders running' : plural(v.running, 'order') + ' running'}
                  </span>
                  <span className="migration-picker__buttons">
                    <button type="button" className="ui-button ui-button--small" aria-label={`Use version ${v.version} as source`} aria-pressed={sourceVersion === v} onClick={() => set('sourceVersion', String(v.version))}>
                      Source
                    </button>
                    <button type="button" className="ui-button ui-button--small" aria-label={`Use version ${v.version} as target`} aria-pressed={targetVersion === v} onClick={() => set('targetVersion', String(v.version))}>
                      Target
                    </button>
                  </span>
                </li>
              ))}
            </ul>
            {sourceVersion ? (
              <WaitingSteps
                source={sourceVersion}
                target={targetVersion}
                inScope={inScope}
                mappedFrom={mappedFrom}
                nameOf={nameOf}
                onScope={(activityId, add) => set('scopeActivities', (add ? [...inScope, activityId] : inScope.filter((a) => a !== activityId)).join('\n'))}
                onMap={(from, to) => set('activityMapping', [...lines(mapping).filter((l) => !l.startsWith(`${from} `) && !l.startsWith(`${from}-`)), `${from} -> ${to}`].join('\n'))}
              />
            ) : (
              <p className="muted">Choose a source version to see where its orders wait.</p>
            )}
          </>
        )}
      </div>
    </aside>
  );
}

function WaitingSteps({
  source,
  target,
  inScope,
  mappedFrom,
  nameOf,
  onScope,
  onMap,
}: {
  source: DeploymentVersion;
  target: DeploymentVersion | null;
  inScope: string[];
  mappedFrom: Set<string>;
  nameOf: (activityId: string) => string | null;
  onScope: (activityId: string, add: boolean) => void;
  onMap: (from: string, to: string) => void;
}) {
  const targetSteps = target?.report?.steps ?? null;
  if (source.runningByActivity.length === 0) return <p className="muted">No orders run on version {source.version}: there is nothing to move.</p>;
  return (
    <>
      <h3 className="migration-picker__heading">Where version {source.version}'s orders wait</h3>
      <ul className="migration-picker__list" data-testid="picker-steps">
        {source.runningByActivity.map((r) => {
          const chosen = inScope.includes(r.activityId);
          // Unknown when the target's report is not written yet: then no warning rather than a wrong one.
          const missingInTarget = targetSteps !== null && !targetSteps.some((s) => s.activityId === r.activityId);
          return (
            <li key={r.activityId} className="migration-picker__step">
              <span className="migration-picker__step-line">
                <label>
                  <input type="checkbox" checked={chosen} onChange={(event) => onScope(r.activityId, event.target.checked)} /> {nameOf(r.activityId) ?? 'A step without a name'}
                </label>
                <span className="muted">{plural(r.count, 'order')}</span>
              </span>
              <span className="muted mono migration-picker__id" data-technical>
                {r.activityId}
              </span>
              {missingInTarget && target && targetSteps ? (
                <MapStep from={r.activityId} targetVersion={target.version} steps={targetSteps} mapped={mappedFrom.has(r.activityId)} onMap={onMap} />
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** A waiting step the target version no longer has: the engine cannot map it by id, so a mapping is needed. */
function MapStep({
  from,
  targetVersion,
  steps,
  mapped,
  onMap,
}: {
  from: string;
  targetVersion: number;
  steps: Array<{ activityId: string; name: string | null }>;
  mapped: boolean;
  onMap: (from: string, to: string) => void;
}) {
  const [to, setTo] = useState(steps[0]?.activityId ?? '');
  return (
    <span className="migration-picker__map">
      <span className={mapped ? 'muted' : 'migration-warning'}>{mapped ? 'Mapped.' : `Version ${targetVersion} has no such step: map it.`}</span>
      <span className="field__row">
        <select className="field__input" aria-label={`Target step for ${from}`} value={to} onChange={(event) => setTo(event.target.value)}>
          {steps.map((s) => (
            <option key={s.activityId} value={s.activityId}>
              {s.name ? `${s.name} (${s.activityId})` : s.activityId}
            </option>
          ))}
        </select>
        <button type="button" className="ui-button ui-button--small" onClick={() => onMap(from, to)} disabled={!to}>
          Map
        </button>
      </span>
    </span>
  );
}
