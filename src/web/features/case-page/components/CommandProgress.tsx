import { useRef } from 'react';
import type { CaseDetail, CommandProgress as Progress } from '../../../../contracts/cases.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { codeInWords } from '../../../components/ui/labels.js';
import { useNow } from '../../../lib/use-now.js';
import { commandPhaseOf, settledPhases, type CommandPhase } from '../api/command-phase.js';

type StepState = 'done' | 'current' | 'failed' | 'todo';
const STEPS = ['Recorded', 'Carried out', 'Workflow moved on'] as const;

const stepsOf: Record<CommandPhase, [StepState, StepState, StepState]> = {
  RUNNING: ['done', 'current', 'todo'],
  PENDING: ['done', 'current', 'todo'],
  VERIFYING: ['done', 'done', 'current'],
  RESOLVED: ['done', 'done', 'done'],
  FAILED: ['done', 'failed', 'todo'],
  FAILED_AGAIN: ['done', 'done', 'failed'],
};

const toneOf: Record<CommandPhase, string> = {
  RUNNING: 'pending',
  PENDING: 'pending',
  VERIFYING: 'pending',
  RESOLVED: 'success',
  FAILED: 'error',
  FAILED_AGAIN: 'warning',
};

/**
 * A retry, confirmation or workflow start as it goes on after its answer: carried out by the engine, then
 * verified by the sync (the case resolves), or failed. The page updates by itself (live updates, or polling),
 * so the operator watches it end here instead of reloading.
 */
export function CommandProgress({ detail }: { detail: CaseDetail }) {
  const now = useNow(60_000);
  // Commands this page saw before they settled: their ending is shown even when it is good news.
  const watched = useRef(new Set<string>());
  const command = detail.commandProgress;
  const phase = commandPhaseOf(detail, command ? watched.current.has(command.id) : false, now);
  if (!command || !phase) return null;
  if (!settledPhases.has(phase)) watched.current.add(command.id);
  const known = [...detail.actions.offered, ...detail.actions.withheld].find((a) => a.action === command.action);
  const label = known?.label ?? codeInWords(command.action);
  return (
    <div className={`notice notice--${toneOf[phase]} case-banner command-progress`} role="status" data-testid="command-progress" data-phase={phase}>
      <p>
        <Headline phase={phase} label={label} />{' '}
        <Explanation phase={phase} command={command} detail={detail} />
      </p>
      <ol className="command-progress__steps" aria-label="Progress">
        {STEPS.map((step, i) => (
          <li key={step} className={`command-progress__step command-progress__step--${stepsOf[phase][i]}`}>
            {step}
            <span className="ui-visually-hidden">: {stepWords[stepsOf[phase][i]!]}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

const stepWords: Record<StepState, string> = { done: 'done', current: 'in progress', failed: 'failed', todo: 'not yet' };

function Headline({ phase, label }: { phase: CommandPhase; label: string }) {
  const text: Record<CommandPhase, string> = {
    RUNNING: `${label}: running.`,
    PENDING: `${label}: waiting for the engine.`,
    VERIFYING: `${label}: waiting for the workflow to move on.`,
    RESOLVED: `${label}: done, the case is resolved.`,
    FAILED: `${label} failed.`,
    FAILED_AGAIN: `${label} ran, but the step failed again.`,
  };
  return <strong>{text[phase]}</strong>;
}

function Explanation({ phase, command, detail }: { phase: CommandPhase; command: Progress; detail: CaseDetail }) {
  const step = detail.case.activityName ?? detail.case.activityId ?? 'the step';
  const by = (
    <>
      Asked by {command.requestedBy} <RelativeTime iso={command.requestedAt} />
    </>
  );
  switch (phase) {
    case 'RUNNING':
      return <>{by}; being carried out now.</>;
    case 'PENDING':
      return <>{by}; recorded, the workbench completes it once the engine or service answers again.</>;
    case 'VERIFYING':
      return (
        <>
          {by}; carried out {command.finishedAt ? <RelativeTime iso={command.finishedAt} /> : null}. The case resolves once the sync sees the
          process past {step}. This page updates by itself.
        </>
      );
    case 'RESOLVED':
      return <>{by}; the sync saw the process move past {step}.</>;
    case 'FAILED':
      return (
        <>
          {by}. <span data-testid="command-failure">{command.failure}</span>
        </>
      );
    case 'FAILED_AGAIN':
      return <>{by}; after it, {step} failed again: see the new incident below.</>;
  }
}
