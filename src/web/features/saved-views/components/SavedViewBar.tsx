import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { SavedView } from '../../../../contracts/saved-views.js';
import { Dialog } from '../../../components/ui/Dialog.js';
import { toFailure, type RequestFailure } from '../../../lib/api-client.js';
import { useDeleteSavedView, useSetViewAdded, useUpdateSavedView } from '../api/saved-views.js';
import { SAVED_VIEW_PARAM, shareLink } from '../api/view-query.js';
import { ViewNameDialog } from './ViewNameDialog.js';
import './saved-views.css';

/** What can be done with the open saved view: its owner shares, renames, deletes; others add it to their list. */
export function SavedViewBar({ view, missing }: { view: SavedView | null; missing: RequestFailure | null }) {
  if (view) return view.mine ? <OwnViewBar view={view} /> : <SharedViewBar view={view} />;
  if (missing) {
    return (
      <p className="notice notice--error saved-view-bar__missing" role="alert">
        {missing.code === 'SAVED_VIEW_NOT_FOUND' ? 'This saved view could not be opened: it was deleted, or its owner no longer shares it.' : missing.message}
      </p>
    );
  }
  return null;
}

function OwnViewBar({ view }: { view: SavedView }) {
  const update = useUpdateSavedView();
  const remove = useDeleteSavedView();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const [copied, setCopied] = useState(false);
  const link = shareLink(view.id);
  const failure = update.error ? toFailure(update.error) : null;

  return (
    <section className="saved-view-bar" aria-label="Saved view">
      <p className="saved-view-bar__what">
        <span className="saved-view-bar__name">{view.name}</span>
        <span className="muted" title={view.shared ? 'Anyone with the link who can see the queue can open it' : undefined}>
          {view.shared ? 'Shared by link' : 'Only you see this view'}
        </span>
      </p>
      <div className="saved-view-bar__actions">
        {view.shared ? (
          <>
            <input className="field__input saved-view-bar__link" readOnly value={link} aria-label="Link to this view" onFocus={(event) => event.target.select()} />
            <button
              type="button"
              className="ui-button ui-button--small"
              onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}
            >
              {copied ? 'Copied' : 'Copy link'}
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="ui-button ui-button--small"
          disabled={update.isPending}
          onClick={() => update.mutate({ viewId: view.id, change: { shared: !view.shared } }, { onSuccess: () => setCopied(false) })}
        >
          {view.shared ? 'Stop sharing' : 'Share by link'}
        </button>
        <button
          type="button"
          className="ui-button ui-button--small"
          onClick={() => {
            update.reset();
            setDialog('rename');
          }}
        >
          Rename…
        </button>
        <button
          type="button"
          className="ui-button ui-button--small saved-view-bar__delete"
          onClick={() => {
            remove.reset();
            setDialog('delete');
          }}
        >
          Delete…
        </button>
      </div>
      {failure && dialog === null ? (
        <p className="notice notice--error saved-view-bar__error" role="alert">
          {failure.message}
        </p>
      ) : null}
      {dialog === 'rename' ? (
        <ViewNameDialog
          title="Rename this view"
          submitLabel="Rename"
          initialName={view.name}
          askShare={false}
          submitting={update.isPending}
          error={failure}
          onCancel={() => setDialog(null)}
          onSubmit={({ name }) => update.mutate({ viewId: view.id, change: { name } }, { onSuccess: () => setDialog(null) })}
        />
      ) : null}
      {dialog === 'delete' ? (
        <Dialog open title={`Delete the view “${view.name}”?`} onClose={remove.isPending ? () => undefined : () => setDialog(null)}>
          <div className="confirm">
            <p className="confirm__effect">
              {view.shared ? 'Its link stops working for everyone you shared it with. ' : ''}The cases stay as they are; only the saved filters go.
            </p>
            {remove.error ? (
              <p className="notice notice--error" role="alert">
                {toFailure(remove.error).message}
              </p>
            ) : null}
            <div className="confirm__footer">
              <button type="button" className="ui-button" onClick={() => setDialog(null)} disabled={remove.isPending}>
                Cancel
              </button>
              <button
                type="button"
                className="ui-button ui-button--primary"
                disabled={remove.isPending}
                data-autofocus=""
                onClick={() =>
                  remove.mutate(view.id, {
                    onSuccess: () => {
                      setDialog(null);
                      // The queue stays on the same filters, now unnamed.
                      const params = new URLSearchParams(view.query);
                      params.delete(SAVED_VIEW_PARAM);
                      void navigate({ pathname: '/cases', search: params.toString() }, { replace: true });
                    },
                  })
                }
              >
                {remove.isPending ? 'Deleting…' : 'Delete view'}
              </button>
            </div>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}

function SharedViewBar({ view }: { view: SavedView }) {
  const setAdded = useSetViewAdded();
  return (
    <section className="saved-view-bar" aria-label="Saved view">
      <p className="saved-view-bar__what">
        <span className="saved-view-bar__name">{view.name}</span>
        <span className="muted">Shared by {view.owner.name}{view.added ? ' · in your views' : ''}</span>
      </p>
      <div className="saved-view-bar__actions">
        <button
          type="button"
          className="ui-button ui-button--small"
          disabled={setAdded.isPending}
          onClick={() => setAdded.mutate({ viewId: view.id, added: !view.added })}
        >
          {view.added ? 'Remove from my views' : 'Add to my views'}
        </button>
      </div>
      {setAdded.error ? (
        <p className="notice notice--error saved-view-bar__error" role="alert">
          {toFailure(setAdded.error).message}
        </p>
      ) : null}
    </section>
  );
}
