import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BpmnViewer, MARKERS, createIncidentBadge, createOverrunBadge, type DiagramState } from './BpmnViewer.js';

// A stand-in for bpmn-js (which needs real SVG layout): it records what the wrapper asks of it.
const fake = vi.hoisted(() => {
  const state = {
    created: 0,
    imports: [] as string[],
    markers: new Map<string, Set<string>>(),
    markerCalls: [] as string[],
    overlays: [] as Array<{ id: string; type: string; html: unknown; position: unknown }>,
    zooms: [] as unknown[],
    destroyed: 0,
    known: new Set(['start', 'reserve-inventory', 'charge-payment', 'flow-1']),
  };
  class NavigatedViewer {
    constructor() {
      state.created += 1;
    }
    importXML(xml: string) {
      state.imports.push(xml);
      state.markers.clear();
      return Promise.resolve({ warnings: [] });
    }
    get(name: string) {
      if (name === 'canvas') {
        return {
          zoom: (scale?: unknown) => {
            if (scale !== undefined) state.zooms.push(scale);
            return 1;
          },
          resized: () => undefined,
          addMarker: (id: string, marker: string) => {
            state.markerCalls.push(`+${id}:${marker}`);
            const set = state.markers.get(id) ?? new Set<string>();
            set.add(marker);
            state.markers.set(id, set);
          },
          removeMarker: (id: string, marker: string) => {
            state.markerCalls.push(`-${id}:${marker}`);
            state.markers.get(id)?.delete(marker);
          },
        };
      }
      if (name === 'elementRegistry') {
        return { get: (id: string) => (state.known.has(id) ? { id, businessObject: { name: id === 'reserve-inventory' ? 'Reserve inventory' : undefined } } : undefined) };
      }
      if (name === 'overlays') {
        return {
          add: (id: string, type: string, overlay: { html: unknown; position: unknown }) => {
            state.overlays.push({ id, type, ...overlay });
            return `ov-${state.overlays.length}`;
          },
          remove: ({ type }: { type: string }) => {
            state.overlays = state.overlays.filter((o) => o.type !== type);
          },
        };
      }
      throw new Error(`unknown service ${name}`);
    }
    destroy() {
      state.destroyed += 1;
    }
  }
  return { state, NavigatedViewer };
});
vi.mock('bpmn-js/lib/NavigatedViewer', () => ({ default: fake.NavigatedViewer }));

const base: DiagramState = {
  xml: '<definitions id="v1"/>',
  completedActivityIds: ['start'],
  activeActivityIds: ['reserve-inventory'],
  takenFlowIds: ['flow-1'],
  incidentActivities: [{ activityId: 'reserve-inventory', count: 2, category: { tone: 'unknown-outcome', label: 'Unknown outcome' } }],
};

beforeEach(() => {
  Object.assign(fake.state, { created: 0, imports: [], markerCalls: [], overlays: [], zooms: [], destroyed: 0 });
  fake.state.markers.clear();
});

describe('BpmnViewer', () => {
  it('imports once, fits the viewport, marks the path and adds DOM badges', async () => {
    const viewer = new BpmnViewer(document.createElement('div'));
    await viewer.render(base);

    expect(fake.state.created).toBe(1);
    expect(fake.state.imports).toEqual([base.xml]);
    expect(fake.state.zooms).toContain('fit-viewport');
    expect([...(fake.state.markers.get('start') ?? [])]).toEqual([MARKERS.completed]);
    expect([...(fake.state.markers.get('flow-1') ?? [])]).toEqual([MARKERS.takenFlow]);
    expect([...(fake.state.markers.get('reserve-inventory') ?? [])].sort()).toEqual([MARKERS.active, MARKERS.incident].sort());

    expect(fake.state.overlays).toHaveLength(1);
    const [badge] = fake.state.overlays;
    expect(badge).toMatchObject({ id: 'reserve-inventory', type: 'incident-badge', position: { top: -10, right: 10 } });
    expect(badge!.html).toBeInstanceOf(HTMLElement);
    const element = badge!.html as HTMLElement;
    expect(element.textContent).toBe('2');
    expect(element.dataset.testid).toBe('incident-badge-reserve-inventory');
    expect(element.getAttribute('aria-label')).toBe('2 open incidents at Reserve inventory (Unknown outcome)');
    expect(element).toHaveClass('fw-incident-badge', 'fw-incident-badge--categorized', 'ui-cat--unknown-outcome');
  });

  it('diffs markers without re-importing when only the state changes', async () => {
    const viewer = new BpmnViewer(document.createElement('div'));
    await viewer.render(base);
    fake.state.markerCalls.length = 0;

    await viewer.render({ ...base, completedActivityIds: ['start', 'reserve-inventory'], activeActivityIds: ['charge-payment'], incidentActivities: [] });

    expect(fake.state.imports).toHaveLength(1);
    expect(fake.state.markerCalls.sort()).toEqual(
      [`-reserve-inventory:${MARKERS.active}`, `-reserve-inventory:${MARKERS.incident}`, `+reserve-inventory:${MARKERS.completed}`, `+charge-payment:${MARKERS.active}`].sort(),
    );
    expect(fake.state.overlays).toHaveLength(0);
  });

  it('re-imports when the XML changes and skips ids that are not on this diagram', async () => {
    const viewer = new BpmnViewer(document.createElement('div'));
    await viewer.render(base);
    await viewer.render({ ...base, xml: '<definitions id="v2"/>', activeActivityIds: ['called-process-task'] });
    expect(fake.state.imports).toEqual([base.xml, '<definitions id="v2"/>']);
    expect(fake.state.markers.has('called-process-task')).toBe(false);
    expect(fake.state.created).toBe(1);
    viewer.destroy();
    expect(fake.state.destroyed).toBe(1);
  });

  it('marks an activity waiting past its stage budget with a worded DOM badge, and removes it once no longer overrun', async () => {
    const viewer = new BpmnViewer(document.createElement('div'));
    await viewer.render({ ...base, incidentActivities: [], overrunActivityIds: ['reserve-inventory', 'not-on-this-diagram'] });

    expect([...(fake.state.markers.get('reserve-inventory') ?? [])].sort()).toEqual([MARKERS.active, 'fw-overrun'].sort());
    expect(fake.state.overlays).toHaveLength(1);
    const [badge] = fake.state.overlays;
    expect(badge).toMatchObject({ id: 'reserve-inventory', type: 'overrun-badge' });
    const element = badge!.html as HTMLElement;
    expect(element.textContent).toBe('Over budget');
    expect(element.dataset.testid).toBe('overrun-badge-reserve-inventory');
    expect(element.getAttribute('aria-label')).toBe('Waiting at Reserve inventory longer than its stage budget');

    await viewer.render({ ...base, incidentActivities: [], overrunActivityIds: [] });
    expect(fake.state.overlays).toHaveLength(0);
    expect([...(fake.state.markers.get('reserve-inventory') ?? [])]).toEqual([MARKERS.active]);
  });

  it('builds badges as text, never as markup', () => {
    expect(createOverrunBadge('a', '<b>x</b>').childElementCount).toBe(0);
    const badge = createIncidentBadge({ activityId: 'a', count: 1, message: '<script>alert(2)</script>' }, '<img src=x onerror=alert(1)>');
    expect(badge.childElementCount).toBe(0);
    expect(badge.title).toBe('1 open incident at <img src=x onerror=alert(1)>\n<script>alert(2)</script>');
    expect(badge.getAttribute('aria-label')).toBe('1 open incident at <img src=x onerror=alert(1)>');
  });
});
