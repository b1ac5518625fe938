import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaseDiagram as CaseDiagramData } from '../../../../contracts/cases.js';
import { BpmnViewer } from '../../../lib/bpmn/BpmnViewer.js';
import { categoryLabels, kebab } from '../../../components/ui/labels.js';

type ViewState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

/** React shell for the imperative viewer: one viewer per mount, `render` on every data change. */
const NONE: readonly string[] = [];
const NO_MESSAGES: ReadonlyMap<string, string> = new Map();

/** `overrunActivityIds` must keep its identity between renders (memoize it): it is an effect dependency. */
export function CaseDiagram({
  diagram,
  overrunActivityIds = NONE,
  failureMessages = NO_MESSAGES,
}: {
  diagram: CaseDiagramData;
  overrunActivityIds?: readonly string[];
  /** Engine text per activity (untrusted): the badge shows it as a tooltip, set as text. Memoize it too. */
  failureMessages?: ReadonlyMap<string, string>;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<BpmnViewer | null>(null);
  const [view, setView] = useState<ViewState>({ status: 'loading' });

  useEffect(() => {
    if (!containerRef.current) return undefined;
    const viewer = new BpmnViewer(containerRef.current);
    viewerRef.current = viewer;
    return () => {
      viewer.destroy();
      viewerRef.current = null;
    };
  }, []);

  const { bpmnXml, completedActivityIds, activeActivityIds, takenFlowIds } = diagram;
  const incidentActivities = useMemo(
    () =>
      diagram.incidentActivities.map(({ activityId, count, category }) => ({
        activityId,
        count,
        category: category ? { tone: kebab(category), label: categoryLabels[category] } : null,
        message: failureMessages.get(activityId) ?? null,
      })),
    [diagram.incidentActivities, failureMessages],
  );
  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer) return;
    let current = true;
    viewer
      .render({ xml: bpmnXml, completedActivityIds, activeActivityIds, takenFlowIds, incidentActivities, overrunActivityIds })
      .then(() => current && setView({ status: 'ready' }))
      .catch((error: unknown) => current && setView({ status: 'error', message: error instanceof Error ? error.message : String(error) }));
    return () => {
      current = false;
    };
  }, [bpmnXml, completedActivityIds, activeActivityIds, takenFlowIds, incidentActivities, overrunActivityIds]);

  return (
    <div className="diagram">
      <div className="diagram__toolbar" role="toolbar" aria-label="Diagram view">
        <button type="button" className="ui-button ui-button--small" aria-label="Zoom in" onClick={() => viewerRef.current?.zoomBy(1.25)}>
          +
        </button>
        <button type="button" className="ui-button ui-button--small" aria-label="Zoom out" onClick={() => viewerRef.current?.zoomBy(0.8)}>
          −
        </button>
        <button type="button" className="ui-button ui-button--small" onClick={() => viewerRef.current?.fitToViewport()}>
          Fit
        </button>
      </div>
      <div
        ref={containerRef}
        className="diagram__canvas"
        data-testid="bpmn-container"
        // A group, not an image: the viewer draws focusable parts (zoom, the bpmn.io link) inside it.
        role="group"
        aria-roledescription="process diagram"
        aria-label={`Process diagram ${diagram.processDefinitionKey}: ${incidentActivities.length} activities with incidents, ${activeActivityIds.length} active`}
      />
      {view.status === 'loading' ? <div className="diagram__overlay-state">Loading diagram…</div> : null}
      {view.status === 'error' ? (
        <div className="diagram__overlay-state diagram__overlay-state--error" role="alert">
          The diagram could not be drawn: {view.message}
        </div>
      ) : null}
      <DiagramLegend />
    </div>
  );
}

export function DiagramLegend() {
  return (
    <ul className="diagram-legend" aria-label="Diagram legend">
      <li>
        <span className="diagram-legend__swatch diagram-legend__swatch--completed" aria-hidden="true" />
        Completed (path taken)
      </li>
      <li>
        <span className="diagram-legend__swatch diagram-legend__swatch--active" aria-hidden="true" />
        Active token
      </li>
      <li>
        <span className="diagram-legend__swatch diagram-legend__swatch--incident" aria-hidden="true" />
        Incident
      </li>
      <li>
        <span className="diagram-legend__badge" aria-hidden="true">
          n
        </span>
        Open incidents at the activity, coloured by case category
      </li>
      <li>
        <span className="diagram-legend__swatch diagram-legend__swatch--overrun" aria-hidden="true" />
        Waiting past its stage budget
      </li>
    </ul>
  );
}
