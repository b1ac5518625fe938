import { act, render } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { useSearchParamsUpdater } from './use-search-params-updater.js';

function mount(initial: string) {
  const handle: { update?: ReturnType<typeof useSearchParamsUpdater>[1] } = {};
  function Probe() {
    const [, update] = useSearchParamsUpdater();
    handle.update = update;
    return null;
  }
  const router = createMemoryRouter([{ path: '/cases', element: <Probe /> }], { initialEntries: [initial] });
  render(<RouterProvider router={router} />);
  return { router, handle };
}

const set = (name: string, value: string) => (current: URLSearchParams) => {
  current.set(name, value);
  return current;
};

describe('useSearchParamsUpdater', () => {
  it('keeps both of two filter changes made before the page re-renders', async () => {
    const { router, handle } = mount('/cases?view=team');
    await act(async () => {
      handle.update!(set('source', 'INCIDENT'));
      handle.update!(set('engineId', 'default'));
    });
    expect(router.state.location.search).toBe('?view=team&source=INCIDENT&engineId=default');
  });

  it('builds on a navigation made elsewhere (the back button) rather than on its own last change', async () => {
    const { router, handle } = mount('/cases?view=team');
    await act(async () => handle.update!(set('source', 'INCIDENT')));
    await act(async () => router.navigate(-1));
    expect(router.state.location.search).toBe('?view=team');
    await act(async () => handle.update!(set('engineId', 'default')));
    expect(router.state.location.search).toBe('?view=team&engineId=default');
  });
});
