import { formatRelative } from '../../../lib/format.js';
import { useHealth } from '../../session/api/get-health.js';

const SHOWN = 3;

/**
 * Cases the sync could not fully read or decide lately (a history record missing, a task gone mid-read): every
 * other case synced, but these may be incomplete or not yet decided, and someone should know which.
 */
export function SyncIssuesBanner() {
  const issues = useHealth().data?.sync.issues ?? [];
  if (issues.length === 0) return null;
  return (
    <div className="banner banner--warning" role="status" data-testid="sync-issues-banner">
      <strong>
        The sync skipped {issues.length === 1 ? 'one case' : `${issues.length} cases`} it could not fully read; every other case is up to date
      </strong>
      <ul className="banner__list">
        {issues.slice(0, SHOWN).map((issue) => (
          <li key={`${issue.subject}-${issue.step}`} className="banner__meta">
            <span className="mono">{issue.subject}</span> ({issue.step}, <time dateTime={issue.at} title={`${issue.at} UTC`}>{formatRelative(issue.at)}</time>):{' '}
            {issue.message}
          </li>
        ))}
        {issues.length > SHOWN ? <li className="banner__meta">…and {issues.length - SHOWN} more (see the BFF log).</li> : null}
      </ul>
    </div>
  );
}
