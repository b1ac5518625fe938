import type { CaseDetail } from '../../../../contracts/cases.js';
import { RelativeTime } from '../../../components/ui/Time.js';
import { isoDurationInWords } from '../../../lib/duration-words.js';

/** One header fact: the catalog's budget for the step and, when known, how long the token has waited. */
export function StageBudgetFact({ stageBudget }: { stageBudget: NonNullable<CaseDetail['stageBudget']> }) {
  return (
    <span className={stageBudget.overrun ? 'case-facts__overdue' : undefined} data-testid="stage-budget">
      {stageBudget.overrun ? <strong>Over budget </strong> : null}
      <span title={`Catalog budget ${stageBudget.budget}`}>{isoDurationInWords(stageBudget.budget)}</span>
      <span className="case-facts__sub">
        {stageBudget.waitingSince ? (
          <>
            waiting since <RelativeTime iso={stageBudget.waitingSince} />
          </>
        ) : (
          'wait unknown'
        )}
      </span>
    </span>
  );
}
