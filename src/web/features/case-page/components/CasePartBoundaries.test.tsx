import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { endpoints } from '../../../../contracts/endpoints.js';
import { buildCaseDetail, buildTimelineEntry } from '../../../testing/fixtures.js';
import { handle, respond } from '../../../testing/handlers.js';
import { renderApp } from '../../../testing/render.js';
import { server } from '../../../testing/server.js';

vi.mock('../../../lib/bpmn/BpmnViewer.js', () => import('../../../testing/fake-bpmn-viewer.js'));

// The timeline breaks while rendering (as an unexpected engine value would) until `broken` is lifted.
const timeline = vi.hoisted(() => ({ broken: true }));
vi.mock('./TimelinePanel.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./TimelinePanel.js')>();
  return {
    TimelinePanel: (props: Parameters<typeof original.TimelinePanel>[0]) => {
      if (timeline.broken) throw new Error('Cannot read properties of undefined (reading "at")');
      return original.TimelinePanel(props);
    },
  };
});

const CASE_ID = 'FO-2026-000042';

afterEach(() => {
  timeline.broken = true;
});

describe('case page parts', () => {
  it('a part that fails shows a small notice with Try again; the rest of the page stays', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    server.use(
      handle(endpoints.caseDetail, () =>
        respond(endpoints.caseDetail, buildCaseDetail({ case: { id: CASE_ID }, timeline: [buildTimelineEntry({ text: 'Retry requested by omar.ops' })] })),
      ),
    );
    const { user } = renderApp(`/cases/${CASE_ID}`);

    const failed = await screen.findByTestId('part-failed');
    expect(failed).toHaveAccessibleName('Timeline');
    expect(failed).toHaveTextContent('Timeline: this part could not be shown.');
    expect(screen.getAllByTestId('part-failed')).toHaveLength(1);
    // Everything else is there: the heading, the failure, the diagram, the actions and the other panels.
    expect(screen.getByRole('heading', { level: 1, name: CASE_ID })).toBeInTheDocument();
    for (const name of ['Failure', 'Diagram', 'Actions', 'Identifiers']) expect(screen.getByRole('heading', { level: 2, name })).toBeInTheDocument();
    expect(screen.getByTestId('case-error-message')).toBeInTheDocument();

    timeline.broken = false;
    await user.click(within(failed).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Retry requested by omar.ops')).toBeInTheDocument();
    expect(screen.queryByTestId('part-failed')).toBeNull();
  });
});
