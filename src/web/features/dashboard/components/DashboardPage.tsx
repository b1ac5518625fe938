import { useSearchParams } from 'react-router';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { parseDashboardRange, useDashboard, type DashboardRange } from '../api/get-dashboard.js';
import { BusinessSection } from './BusinessSection.js';
import { RangeSwitch } from './RangeSwitch.js';
import { TechnicalSection } from './TechnicalSection.js';
import './dashboard.css';

export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const range = parseDashboardRange(params.get('range'));
  const dashboard = useDashboard(range);
  useDocumentTitle('Dashboard');

  const changeRange = (next: DashboardRange) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set('range', next);
        return updated;
      },
      { replace: true },
    );

  return (
    <div className="page dashboard">
      <div className="page__header">
        <div>
          <h1 className="page__title">Dashboard</h1>
          <p className="page__subtitle">
            {dashboard.data ? (
              <>
                As of <AbsoluteTime iso={dashboard.data.generatedAt} /> · every figure opens the matching cases
                {dashboard.isPlaceholderData ? <span role="status"> · Updating…</span> : null}
              </>
            ) : (
              'Fallout and recovery at a glance'
            )}
          </p>
        </div>
        <RangeSwitch value={range} onChange={changeRange} />
      </div>
      {dashboard.isPending ? (
        <section className="panel">
          <SkeletonBlock label="Loading dashboard" />
        </section>
      ) : dashboard.isError ? (
        <section className="panel">
          <ErrorState title="The dashboard could not be loaded" failure={toFailure(dashboard.error)} onRetry={() => void dashboard.refetch()} retrying={dashboard.isFetching} />
        </section>
      ) : (
        <>
          <BusinessSection business={dashboard.data.business} range={dashboard.data.range} generatedAt={dashboard.data.generatedAt} />
          <TechnicalSection technical={dashboard.data.technical} range={dashboard.data.range} />
        </>
      )}
    </div>
  );
}
