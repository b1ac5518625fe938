import { useId, useState } from 'react';
import type { DiagnosisCheck } from '../../../../contracts/cases.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { useCheckDiagnosis } from '../api/check-diagnosis.js';
import { TextWithCodes } from '../../../components/ui/TextWithCodes.js';

/**
 * The runbook's diagnosis steps as a checklist shared by everyone on the case: who checked what, and when, so
 * the next shift does not repeat it. Read-only for those who do not work cases, and once the case is closed.
 */
export function DiagnosisChecklist({
  caseId,
  steps,
  checks,
  editable,
}: {
  caseId: string;
  steps: readonly string[];
  checks: readonly DiagnosisCheck[];
  editable: boolean;
}) {
  const mutation = useCheckDiagnosis(caseId);
  // The state asked for, held in React state set inside the change event: a controlled checkbox whose new
  // value arrived only later (the mutation's own state is published asynchronously) would snap back first.
  const [asked, setAsked] = useState<{ step: number; checked: boolean } | null>(null);
  const idPrefix = useId();
  const byStep = new Map(checks.map((check) => [check.step, check]));
  const busyStep = asked?.step;
  return (
    <>
      <ul className="checklist" data-testid="diagnosis-checklist">
        {steps.map((text, step) => {
          const check = byStep.get(step);
          const id = `${idPrefix}-${step}`;
          return (
            <li key={step} className={`checklist__item${check ? ' checklist__item--done' : ''}`} data-testid="diagnosis-step">
              <input
                id={id}
                type="checkbox"
                className="checklist__box"
                // While saving, show the state asked for: the box answers the click at once.
                checked={asked?.step === step ? asked.checked : check !== undefined}
                disabled={!editable || busyStep !== undefined}
                onChange={(event) => {
                  const request = { step, checked: event.target.checked };
                  setAsked(request);
                  mutation.mutate(request, { onSettled: () => setAsked(null) });
                }}
              />
              <label htmlFor={id} className="checklist__text">
                <TextWithCodes text={text} />
                {check ? (
                  <span className="checklist__who">
                    Checked by {check.checkedBy} <RelativeTime iso={check.checkedAt} />
                  </span>
                ) : null}
              </label>
            </li>
          );
        })}
      </ul>
      {mutation.isError ? (
        <p className="field__error" role="alert">
          The checklist could not be saved: {toFailure(mutation.error).message}
        </p>
      ) : null}
    </>
  );
}
