// Web test setup (vitest project `web`, jsdom): jest-dom matchers, msw for every request, a clean DOM.
import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { TestEventSource } from './event-source.js';
import { server } from './server.js';

// These tests check what a page shows, not how fast: on a loaded 2-core CI machine a first render with lazy
// routes can take over the default 1 s, so waits get 5 s. Speed budgets live in bench/, not here.
configure({ asyncUtilTimeout: 5_000 });

// jsdom has <dialog> but not its modal API; the app relies on showModal/close only to toggle `open`.
if (typeof HTMLDialogElement !== 'undefined' && typeof HTMLDialogElement.prototype.showModal !== 'function') {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}

// The app's live updates and msw's `sse` handlers both need an EventSource (see event-source.ts).
if (typeof globalThis.EventSource === 'undefined') Object.assign(globalThis, { EventSource: TestEventSource });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  cleanup();
  server.resetHandlers();
  document.title = '';
});
afterAll(() => server.close());
