import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { Freeze } from '../../../../contracts/freezes.js';
import { Countdown } from '../../../components/ui/Countdown.js';
import { EmptyState, ErrorState, SkeletonBlock, Spinner } from '../../../components/ui/States.js';
import { AbsoluteTime, RelativeTime } from '../../../components/ui/Time.js';
import { toFailure } from '../../../lib/api-client.js';
import { plural } from '../../../lib/format.js';
import { useDocumentTitle } from '../../../lib/use-document-title.js';
import { useSessionUser } from '../../session/api/get-session.js';
import { hasAnyRole, uiAccess } from '../../session/roles.js';
import { useFreezes } from '../api/get-freezes.js';
import { useEndFreeze } from '../api/manage-freezes.js';
import { CreateFreezeForm } from './CreateFreezeForm.js';
import { EngineLabel } from '../../engines/components/EngineLabel.js';
import { useEngineOf } from '../../engines/api/get-engines.js';
import { EndFreezeDialog } from './EndFreezeDialog.js';
import './freezes.css';

type Notice = { tone: 'success' | 'warning'; text: string };

export function FreezesPage() {
  useDocumentTitle('Freezes');
  const [params] = useSearchParams();
  const freezes = useFreezes();
  const user = useSessionUser();
  const canManage = hasAnyRole(user, uiAccess.manageFreezes);
  const end = useEndFreeze();
  const engineOf = useEngineOf();
  // Several engines: " on South (Operaton)"; one engine: nothing.
  const engineLabel = (engineId: string) => {
    const engine = engineOf(engineId);
    return engine ? ` on ${engine.label}` : '';
  };
  const [ending, setEnding] = useState<Freeze | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);

  const items = freezes.data?.items ?? [];
  const active = items.filter((f) => f.state === 'ACTIVE');
  const ended = items.filter((f) => f.state === 'ENDED').sort((a, b) => (b.endedAt ?? b.endsAt).localeCompare(a.endedAt ?? a.endsAt));

  function confirmEnd(freeze: Freeze, reason: string) {
    setNotice(null);
    end.mutate(
      { freezeId: freeze.id, reason },
      {
        onSuccess: (result) => {
          setEnding(null);
          setNotice({ tone: 'success', text: `Freeze on ${result.activityId} (${result.processDefinitionKey}${engineLabel(result.engineId)}) ended; retries are allowed again.` });
        },
        onError: (error) => {
          if (error.status === 409) {
            setEnding(null);
            setNotice({ tone: 'warning', text: `Not ended: ${error.message}` });
          }
        },
      },
    );
  }

  return (
    <div className="page">
      <div className="page__header">
        <div>
          <h1 className="page__title">Freezes</h1>
          <p className="page__subtitle">Activities where retries are stopped during a failure storm. Cases there need an approval to retry.</p>
        </div>
        <div className="page-toolbar">{freezes.isFetching && !freezes.isPending ? <Spinner label="Refreshing" /> : null}</div>
      </div>

      {notice ? (
        <div className={`notice notice--${notice.tone} page-notice`} role={notice.tone === 'warning' ? 'alert' : 'status'} data-testid="freeze-notice">
          <p>{notice.text}</p>
        </div>
      ) : null}

      <div className={canManage ? 'freezes-grid' : undefined}>
        <div className="freezes-lists">
          {freezes.isPending ? (
            <section className="panel">
              <SkeletonBlock label="Loading freezes" />
            </section>
          ) : freezes.isError && !freezes.data ? (
            <section className="panel">
              <ErrorState
                title={freezes.error.status === 403 ? 'Freezes are not open to your roles' : 'Freezes could not be loaded'}
                failure={toFailure(freezes.error)}
                onRetry={() => void freezes.refetch()}
                retrying={freezes.isFetching}
              />
            </section>
          ) : (
            <>
              <FreezeTable
                title="Active"
                freezes={active}
                empty={<EmptyState title="No active freezes">Retries run normally everywhere.</EmptyState>}
                canManage={canManage}
                onEnd={(freeze) => {
                  end.reset();
                  setEnding(freeze);
                }}
              />
              <FreezeTable title="Ended" freezes={ended} empty={<EmptyState title="No ended freezes" />} canManage={false} onEnd={() => undefined} />
            </>
          )}
        </div>
        {canManage ? (
          <CreateFreezeForm
            initial={{
              processDefinitionKey: params.get('processDefinitionKey') ?? '',
              activityId: params.get('activityId') ?? '',
              engineId: params.get('engineId') ?? undefined,
            }}
            onCreated={(freeze) =>
              setNotice({
                tone: 'success',
                text: `Frozen ${freeze.activityId} in ${freeze.processDefinitionKey}${engineLabel(freeze.engineId)}: ${plural(freeze.suspendedJobDefinitions, 'job definition')} and ${plural(freeze.suspendedInstances, 'instance')} suspended.`,
              })
            }
          />
        ) : null}
      </div>

      {ending ? (
        <EndFreezeDialog
          key={ending.id}
          freeze={ending}
          submitting={end.isPending}
          error={end.isError && end.error.status !== 409 ? end.error : null}
          onCancel={() => setEnding(null)}
          onConfirm={(reason) => confirmEnd(ending, reason)}
        />
      ) : null}
    </div>
  );
}

function FreezeTable({
  title,
  freezes,
  empty,
  canManage,
  onEnd,
}: {
  title: 'Active' | 'Ended';
  freezes: Freeze[];
  empty: ReactNode;
  canManage: boolean;
  onEnd: (freeze: Freeze) => void;
}) {
  const headingId = `freezes-${title.toLowerCase()}`;
  const activeList = title === 'Active';
  return (
    <section className="panel ui-panel-clip" aria-labelledby={headingId}>
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {title} <span className="count-pill">{freezes.length}</span>
        </h2>
      </header>
      {freezes.length === 0 ? (
        empty
      ) : (
        <div className="ui-table-wrap">
          <table className="ui-table freezes-table">
            <thead>
              <tr>
                <th scope="col">Activity</th>
                <th scope="col">Reason</th>
                <th scope="col">Frozen by</th>
                <th scope="col">Since</th>
                <th scope="col">{activeList ? 'Ends' : 'Ended'}</th>
                <th scope="col" className="ui-num">
                  Suspended
                </th>
                {canManage ? <th scope="col">Action</th> : null}
              </tr>
            </thead>
            <tbody>
              {freezes.map((freeze) => (
                <tr key={freeze.id} data-testid={activeList ? 'active-freeze' : 'ended-freeze'}>
                  <td>
                    <span className="mono">{freeze.activityId}</span>
                    <span className="freezes-table__sub mono">{freeze.processDefinitionKey}</span>
                    {/* Several engines: the engine the freeze suspends in, by its label. */}
                    <EngineLabel engineId={freeze.engineId} below />
                  </td>
                  <td className="freezes-table__text">{freeze.reason}</td>
                  <td>{freeze.createdBy}</td>
                  <td>
                    <AbsoluteTime iso={freeze.createdAt} />
                    <span className="freezes-table__sub">
                      <RelativeTime iso={freeze.createdAt} />
                    </span>
                  </td>
                  <td>
                    {activeList ? (
                      <>
                        <Countdown until={freeze.endsAt} />
                        <span className="freezes-table__sub">
                          <AbsoluteTime iso={freeze.endsAt} />
                        </span>
                      </>
                    ) : (
                      <>
                        {freeze.endedAt ? <AbsoluteTime iso={freeze.endedAt} /> : <AbsoluteTime iso={freeze.endsAt} />}
                        <span className="freezes-table__sub">{freeze.endedBy ? `by ${freeze.endedBy}` : 'ran out'}</span>
                      </>
                    )}
                  </td>
                  <td className="ui-num">
                    <span>{plural(freeze.suspendedJobDefinitions, 'job definition')}</span>
                    <span className="freezes-table__sub">{plural(freeze.suspendedInstances, 'instance')}</span>
                  </td>
                  {canManage ? (
                    <td>
                      <button
                        type="button"
                        className="ui-button ui-button--small"
                        data-testid={`end-freeze-${freeze.id}`}
                        onClick={() => onEnd(freeze)}
                      >
                        End freeze
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
