// bpmn-moddle ships its types under `bpmn-moddle/types` but does not point its main export at them; this is
// the part the release report uses.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: unknown; warnings: unknown[] }>;
  }
}
