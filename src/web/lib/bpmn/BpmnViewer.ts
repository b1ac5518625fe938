// The one imperative wrapper around bpmn-js (pattern of camunda/operate's modules/bpmn-js/BpmnJS.ts):
// React owns a container and calls `render(state)`; this class re-imports only when the XML changes,
// diffs markers otherwise, and builds overlays as DOM nodes (never HTML strings: the text is the
// engine's). bpmn-js is loaded by dynamic import so it lands in its own chunk next to the case page.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './bpmn-viewer.css';

export interface DiagramState {
  xml: string;
  completedActivityIds: readonly string[];
  activeActivityIds: readonly string[];
  takenFlowIds: readonly string[];
  incidentActivities: ReadonlyArray<IncidentBadge>;
  /** Activities where the token has waited past the catalog's stage budget. */
  overrunActivityIds?: readonly string[];
}

/** One incident badge: the count, and the case category that colours it (`tone` is a CSS class suffix). */
export interface IncidentBadge {
  activityId: string;
  count: number;
  category?: { tone: string; label: string } | null;
  /** The failure message from the engine: untrusted text, only ever set as an attribute value. */
  message?: string | null;
}

export const MARKERS = {
  completed: 'fw-completed',
  active: 'fw-active',
  incident: 'fw-incident',
  takenFlow: 'fw-taken-flow',
  overrun: 'fw-overrun',
} as const;

const BADGE_TYPE = 'incident-badge';
const OVERRUN_TYPE = 'overrun-badge';

// The few services this class uses, typed locally so the app does not depend on diagram-js's types.
interface Canvas {
  zoom(scale?: number | 'fit-viewport', center?: 'auto' | { x: number; y: number }): number;
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
  resized(): void;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type?: string; element?: string }): void;
}
interface ElementRegistry {
  get(id: string): { id: string; businessObject?: { name?: string } } | undefined;
}
interface Viewer {
  importXML(xml: string): Promise<{ warnings: unknown[] }>;
  get<T>(name: string): T;
  destroy(): void;
}

export class BpmnViewer {
  private viewer: Viewer | null = null;
  private loading: Promise<Viewer> | null = null;
  private importedXml: string | null = null;
  private markers = new Map<string, Set<string>>();
  private badgeKey = '';
  private overrunKey = '';
  private queue: Promise<unknown> = Promise.resolve();
  private destroyed = false;
  private resizeObserver: ResizeObserver | null = null;

  constructor(private readonly container: HTMLElement) {}

  /** Show `state`. Calls are serialized; the latest state wins. */
  render(state: DiagramState): Promise<void> {
    const run = this.queue.then(() => this.apply(state));
    this.queue = run.catch(() => undefined);
    return run;
  }

  fitToViewport(): void {
    this.viewer?.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
  }

  zoomBy(factor: number): void {
    const canvas = this.viewer?.get<Canvas>('canvas');
    if (canvas) canvas.zoom(canvas.zoom() * factor);
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver?.disconnect();
    this.viewer?.destroy();
    this.viewer = null;
  }

  private async apply(state: DiagramState): Promise<void> {
    const viewer = await this.ensureViewer();
    if (this.destroyed) return;
    if (state.xml !== this.importedXml) {
      this.markers.clear();
      this.badgeKey = '';
      this.overrunKey = '';
      await viewer.importXML(state.xml);
      if (this.destroyed) return;
      this.importedXml = state.xml;
      viewer.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
    }
    this.applyMarkers(viewer, state);
    this.applyBadges(viewer, state.incidentActivities);
    this.applyOverrunBadges(viewer, state.overrunActivityIds ?? []);
  }

  private ensureViewer(): Promise<Viewer> {
    if (this.viewer) return Promise.resolve(this.viewer);
    this.loading ??= import('bpmn-js/lib/NavigatedViewer').then(({ default: NavigatedViewer }) => {
      const viewer = new NavigatedViewer({ container: this.container }) as unknown as Viewer;
      this.viewer = viewer;
      if (typeof ResizeObserver !== 'undefined') {
        this.resizeObserver = new ResizeObserver(() => viewer.get<Canvas>('canvas').resized());
        this.resizeObserver.observe(this.container);
      }
      return viewer;
    });
    return this.loading;
  }

  private applyMarkers(viewer: Viewer, state: DiagramState): void {
    const canvas = viewer.get<Canvas>('canvas');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    const wanted = new Map<string, Set<string>>();
    const want = (ids: readonly string[], marker: string) => {
      for (const id of ids) {
        // Ids of other models (a called process up the chain) are not on this canvas.
        if (!registry.get(id)) continue;
        const set = wanted.get(id) ?? new Set<string>();
        set.add(marker);
        wanted.set(id, set);
      }
    };
    want(state.completedActivityIds, MARKERS.completed);
    want(state.takenFlowIds, MARKERS.takenFlow);
    want(state.activeActivityIds, MARKERS.active);
    want(
      state.incidentActivities.map((i) => i.activityId),
      MARKERS.incident,
    );
    want(state.overrunActivityIds ?? [], MARKERS.overrun);

    for (const [id, current] of this.markers) {
      for (const marker of current) if (!wanted.get(id)?.has(marker)) canvas.removeMarker(id, marker);
    }
    for (const [id, next] of wanted) {
      const current = this.markers.get(id);
      for (const marker of next) if (!current?.has(marker)) canvas.addMarker(id, marker);
    }
    this.markers = wanted;
  }

  private applyBadges(viewer: Viewer, incidents: DiagramState['incidentActivities']): void {
    const key = JSON.stringify(incidents);
    if (key === this.badgeKey) return;
    this.badgeKey = key;
    const overlays = viewer.get<Overlays>('overlays');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    overlays.remove({ type: BADGE_TYPE });
    for (const incident of incidents) {
      const element = registry.get(incident.activityId);
      if (!element) continue;
      overlays.add(incident.activityId, BADGE_TYPE, {
        position: { top: -10, right: 10 },
        html: createIncidentBadge(incident, element.businessObject?.name),
      });
    }
  }

  private applyOverrunBadges(viewer: Viewer, activityIds: readonly string[]): void {
    const key = JSON.stringify(activityIds);
    if (key === this.overrunKey) return;
    this.overrunKey = key;
    const overlays = viewer.get<Overlays>('overlays');
    const registry = viewer.get<ElementRegistry>('elementRegistry');
    overlays.remove({ type: OVERRUN_TYPE });
    for (const activityId of activityIds) {
      const element = registry.get(activityId);
      if (!element) continue;
      overlays.add(activityId, OVERRUN_TYPE, { position: { bottom: 10, left: -10 }, html: createOverrunBadge(activityId, element.businessObject?.name) });
    }
  }
}

/** A DOM node with text content only, like the incident badge. */
export function createOverrunBadge(activityId: string, activityName?: string): HTMLElement {
  const badge = document.createElement('span');
  badge.className = 'fw-overrun-badge';
  badge.textContent = 'Over budget';
  badge.setAttribute('role', 'img');
  badge.setAttribute('data-testid', `overrun-badge-${activityId}`);
  badge.setAttribute('aria-label', `Waiting at ${activityName ?? activityId} longer than its stage budget`);
  badge.title = badge.getAttribute('aria-label') ?? '';
  return badge;
}

/**
 * A DOM node with text content only: diagram-js would parse a string as HTML. Coloured by the case category
 * (the category palette's class), and the category is also in its label, so colour is never the only cue.
 */
export function createIncidentBadge({ activityId, count, category, message }: IncidentBadge, activityName?: string): HTMLElement {
  const badge = document.createElement('span');
  badge.className = category ? `fw-incident-badge fw-incident-badge--categorized ui-cat--${category.tone}` : 'fw-incident-badge';
  badge.textContent = String(count);
  badge.setAttribute('role', 'img');
  badge.setAttribute('data-testid', `incident-badge-${activityId}`);
  badge.setAttribute(
    'aria-label',
    `${count} open ${count === 1 ? 'incident' : 'incidents'} at ${activityName ?? activityId}${category ? ` (${category.label})` : ''}`,
  );
  const label = badge.getAttribute('aria-label') ?? '';
  badge.title = message ? `${label}\n${message.slice(0, 500)}` : label;
  return badge;
}
