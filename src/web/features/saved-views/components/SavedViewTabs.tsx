import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { toFailure } from '../../../lib/api-client.js';
import { useCreateSavedView, useSavedViews } from '../api/saved-views.js';
import { queryToSave, queueSearchFor } from '../api/view-query.js';
import { ViewNameDialog } from './ViewNameDialog.js';
import './saved-views.css';

/**
 * The user's saved views as tabs after the built-in ones (own views first, then shared views they added), and
 * "Save view" for the queue as it is shown now. Rendered inside the queue's view list.
 */
export function SavedViewTabs({ params, activeId, onOpen }: { params: URLSearchParams; activeId: string | null; onOpen: () => void }) {
  const list = useSavedViews();
  const create = useCreateSavedView();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const views = list.data?.items ?? [];
  const full = list.data ? list.data.remaining === 0 : false;

  return (
    <>
      {views.length > 0 ? <span className="saved-views__divider" aria-hidden="true" /> : null}
      {views.map((view) => {
        const active = view.id === activeId;
        return (
          <Link
            key={view.id}
            to={{ pathname: '/cases', search: queueSearchFor(view) }}
            onClick={onOpen}
            className={`queue-views__tab saved-views__tab${active ? ' queue-views__tab--active' : ''}`}
            aria-current={active ? 'page' : undefined}
            title={view.mine ? undefined : `Shared by ${view.owner.name}`}
          >
            {view.name}
            {view.shared ? <span className="saved-views__mark">{view.mine ? 'Shared' : view.owner.name}</span> : null}
          </Link>
        );
      })}
      <button
        type="button"
        className="ui-button ui-button--small saved-views__save"
        disabled={full || !list.data}
        title={full ? 'You have 50 saved views, the most one person may keep. Delete one first.' : undefined}
        onClick={() => {
          create.reset();
          setSaving(true);
        }}
      >
        Save view…
      </button>
      {saving ? (
        <ViewNameDialog
          title="Save this view"
          submitLabel="Save view"
          initialName=""
          askShare
          submitting={create.isPending}
          error={create.error ? toFailure(create.error) : null}
          onCancel={() => setSaving(false)}
          onSubmit={({ name, shared }) =>
            create.mutate(
              { name, shared, query: queryToSave(params) },
              {
                onSuccess: (view) => {
                  setSaving(false);
                  onOpen();
                  void navigate({ pathname: '/cases', search: queueSearchFor(view) });
                },
              },
            )
          }
        />
      ) : null}
    </>
  );
}
