import { useSearchParams } from 'react-router';
import { ErrorState, SkeletonBlock } from '../../../components/ui/States.js';
import { AbsoluteTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { parseDashboardEngine, parseDashboardRange, useDashboard, type DashboardRange } from '../api/get-dashboard.js';
import { useQuery } from '@tanstack/react-query';
import { enginesQueryOptions } from '../../engines/api/get-engines.js';
import { DashboardEngineProvider } from './dashboard-engine.js';
import { EngineSwitch } from './EngineSwitch.js';
import { BusinessSection } from './BusinessSection.js';
import { RangeSwitch } from './RangeSwitch.js';
import { TechnicalSection } from './TechnicalSection.js';
import './dashboard.css';

export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const range = parseDashboardRange(params.get('range'));
  // Several engines: one engine's figures (`?engine=`) or all of them added up; one engine: no choice to make.
  const engines = useQuery(enginesQueryOptions()).data?.engines ?? [];
  const asked = parseDashboardEngine(params.get('engine'));
  const engineId = engines.length > 1 && engines.some((e) => e.id === asked) ? asked : null;
  const dashboard = useDashboard(range, engineId);
  useDocumentTitle('Dashboard');

  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (value === null) updated.delete(name);
        else updated.set(name, value);
        return updated;
      },
      { replace: true },
    );
  const changeRange = (next: DashboardRange) => setParam('range', next);

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
        <div className="dashboard-controls">
          {engines.length > 1 ? <EngineSwitch engines={engines} value={engineId} onChange={(next) => setParam('engine', next)} /> : null}
          <RangeSwitch value={range} onChange={changeRange} />
        </div>
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
        <DashboardEngineProvider engineId={engineId}>
          <BusinessSection business={dashboard.data.business} range={dashboard.data.range} generatedAt={dashboard.data.generatedAt} />
          <TechnicalSection technical={dashboard.data.technical} range={dashboard.data.range} />
        </DashboardEngineProvider>
      )}
    </div>
  );
}
