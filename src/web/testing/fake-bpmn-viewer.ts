// Stand-in for lib/bpmn/BpmnViewer in jsdom, where bpmn-js cannot lay out SVG (the real diagram is covered by
// its own test and by Playwright). Use: vi.mock('<path>/lib/bpmn/BpmnViewer.js', () => import('<path>/testing/fake-bpmn-viewer.js'))
export const fakeViewer = {
  instances: [] as Array<{ container: HTMLElement }>,
  renders: [] as Array<{ xml: string; activeActivityIds: readonly string[] }>,
};

export class BpmnViewer {
  constructor(container: HTMLElement) {
    fakeViewer.instances.push({ container });
  }
  render(state: { xml: string; activeActivityIds: readonly string[] }) {
    fakeViewer.renders.push(state);
    return Promise.resolve();
  }
  fitToViewport() {}
  zoomBy() {}
  destroy() {}
}
