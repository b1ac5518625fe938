import type { LiveState } from '../api/use-live-updates.js';
import './live.css';

const labels: Record<Exclude<LiveState, 'off'>, { text: string; title: string }> = {
  live: { text: 'Live', title: 'This page updates by itself as cases, commands and approvals change.' },
  connecting: { text: 'Connecting', title: 'Opening the live updates; this page refreshes every few seconds meanwhile.' },
  reconnecting: { text: 'Reconnecting', title: 'The live updates dropped; this page refreshes every few seconds until they are back.' },
  polling: { text: 'Polling', title: 'Live updates are not available right now; this page refreshes every few seconds instead.' },
};

/** Whether the page updates by itself right now, or refreshes on a beat. */
export function LiveIndicator({ state }: { state: LiveState }) {
  if (state === 'off') return null;
  const { text, title } = labels[state];
  return (
    <span className={`live-indicator live-indicator--${state}`} role="status" title={title} data-testid="live-indicator" data-state={state}>
      <span className="live-indicator__dot" aria-hidden="true" />
      <span className="live-indicator__label">{text}</span>
      <span className="ui-visually-hidden">: {title}</span>
    </span>
  );
}
