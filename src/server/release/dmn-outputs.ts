// The output names of one decision in a DMN file. A decision table's outputs are flat `<output name="…">`
// elements of its decision, so a scan of that decision's element is enough (no DMN parser among the
// dependencies; dmn-moddle would be one more for this alone). Literal-expression decisions name their one
// result in `<variable name="…">`.
export function decisionOutputs(xml: string, decisionKey: string): Set<string> {
  const outputs = new Set<string>();
  const escaped = decisionKey.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const decision = new RegExp(`<(?:[\\w-]+:)?decision\\b[^>]*\\bid="${escaped}"[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?decision>`).exec(xml);
  if (!decision) return outputs;
  const body = decision[1] ?? '';
  for (const m of body.matchAll(/<(?:[\w-]+:)?output\b([^>]*)>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[1] ?? '')?.[1];
    if (name) outputs.add(name);
  }
  if (outputs.size === 0) {
    const variable = /<(?:[\w-]+:)?variable\b[^>]*\bname="([^"]*)"/.exec(body)?.[1];
    if (variable) outputs.add(variable);
  }
  return outputs;
}
