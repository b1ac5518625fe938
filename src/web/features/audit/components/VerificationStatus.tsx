import { ErrorState, Spinner } from '../../../components/ui/States.js';
import { toFailure } from '../../../lib/api-client.js';
import type { AuditVerification } from '../../../../contracts/audit.js';
import { formatAbsolute, plural } from '../../../lib/format.js';
import { useAuditVerification } from '../api/get-audit.js';

const kindLabels = {
  EDITED: 'Edited',
  DELETED: 'Deleted',
  REORDERED: 'Reordered',
  BROKEN_LINK: 'Broken link',
  REWRITTEN: 'Rewritten since a signed checkpoint',
  CHECKPOINT_INVALID: 'Checkpoint file edited',
} as const;

/** Whether the chain was also compared with the signed checkpoints kept outside the database, and how far it matches. */
function AnchorLine({ anchor }: { anchor: AuditVerification['anchor'] }) {
  if (!anchor) return <p className="audit-verify__anchor">No signed checkpoints are configured: the chain is checked against itself only.</p>;
  if (!anchor.lastGood) return <p className="audit-verify__anchor">No signed checkpoint matches the chain yet ({plural(anchor.checkpoints, 'checkpoint')} on file).</p>;
  return (
    <p className="audit-verify__anchor">
      Matches the signed checkpoint of {formatAbsolute(anchor.lastGood.at)} (event position {anchor.lastGood.chainIndex}); {plural(anchor.checkpoints, 'checkpoint')} on
      file, signing key <span className="mono">{anchor.keyId}</span>.
    </p>
  );
}

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
          <>
            <p className="audit-verify__ok" role="status">
              Chain intact: {plural(verification.data.checked, 'event')} checked
              {verification.data.headHash ? (
                <>
                  , head <span className="mono">{verification.data.headHash.slice(0, 16)}…</span>
                </>
              ) : null}
              .
            </p>
            <AnchorLine anchor={verification.data.anchor} />
          </>
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
            <AnchorLine anchor={verification.data.anchor} />
          </div>
        )}
      </div>
    </section>
  );
}
