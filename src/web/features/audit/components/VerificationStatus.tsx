import { ErrorState, Spinner } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';
import { useAuditVerification } from '../api/get-audit.js';

const kindLabels = { EDITED: 'Edited', DELETED: 'Deleted', REORDERED: 'Reordered', BROKEN_LINK: 'Broken link' } as const;

/** The hash chain check: OK with how much was checked, or every problem found (auditors only). */
export function VerificationStatus() {
  const verification = useAuditVerification(true);
  return (
    <section className="panel audit-verify" aria-labelledby="audit-verify-heading">
      <div className="panel__header">
        <h2 id="audit-verify-heading" className="panel__title">
          Chain verification
        </h2>
        <button type="button" className="ui-button ui-button--small" onClick={() => void verification.refetch()} disabled={verification.isFetching}>
          {verification.isFetching ? 'Verifying…' : 'Verify again'}
        </button>
      </div>
      <div className="audit-verify__body" data-testid="audit-verification">
        {verification.isPending ? (
          <Spinner label="Verifying the audit chain…" />
        ) : verification.isError ? (
          <ErrorState title="The chain could not be verified" failure={toFailure(verification.error)} />
        ) : verification.data.ok ? (
          <p className="audit-verify__ok" role="status">
            Chain intact: {plural(verification.data.checked, 'event')} checked
            {verification.data.headHash ? (
              <>
                , head <span className="mono">{verification.data.headHash.slice(0, 16)}…</span>
              </>
            ) : null}
            .
          </p>
        ) : (
          <div role="alert" className="audit-verify__problems">
            <p>
              Chain broken: {plural(verification.data.problems.length, 'problem')} in {plural(verification.data.checked, 'event')} checked.
            </p>
            <ul>
              {verification.data.problems.map((problem) => (
                <li key={`${problem.seq}-${problem.kind}`}>
                  Event #{problem.seq} · {kindLabels[problem.kind]}: {problem.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
