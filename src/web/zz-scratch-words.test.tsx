import { screen, waitFor } from '@testing-library/react';
import { describe, it, vi } from 'vitest';
import { endpoints } from '../contracts/endpoints.js';
import { buildApproval, buildApprovalList, buildAuditEvent, buildAuditList, buildFreeze, buildFreezeList, buildSession } from './testing/fixtures.js';
import { handle, respond } from './testing/handlers.js';
import { renderApp } from './testing/render.js';
import { server } from './testing/server.js';

vi.mock('./lib/bpmn/BpmnViewer.js', () => import('./testing/fake-bpmn-viewer.js'));

const FORBIDDEN: [string, RegExp][] = [
  ['ISO duration', /\bP(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?\b/],
  ['ISO timestamp', /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/],
  ['enum name', /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/],
  ['placeholder', /\{[A-Za-z_][\w.]*\}/],
  ['engine term', /\b(?:failedExternalTask|failedJob|externalTask\w*|processInstanceId|processDefinition\w*|activityId|incidentType)\b|\bretries (?:set )?to \d/],
];
function scan(where: string) {
  const out: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.textContent?.trim();
    const parent = node.parentElement;
    if (!value || !parent || parent.closest('[data-technical], script, style')) continue;
    for (const [kind, p] of FORBIDDEN) { const m = p.exec(value); if (m) out.push(`${where}: ${kind} "${m[0]}" in "${value.slice(0, 140)}"`); }
  }
  return out;
}
const pages: [string, string][] = [
  ['case', '/cases/FO-2026-000042'], ['queue', '/cases'], ['approvals', '/approvals'], ['freezes', '/freezes'], ['dashboard', '/dashboard'],
  ['audit', '/audit'], ['catalog', '/catalog'], ['order', '/orders/ORD-100928'], ['search', '/search?q=ORD-1009'],
];
describe('scratch', () => {
  for (const [name, path] of pages) {
    it(name, async () => {
      server.use(
        handle(endpoints.session, () => respond(endpoints.session, buildSession({ roles: ['support', 'supervisor', 'tech_ops', 'fulfillment_ops', 'auditor', 'platform_owner'] }))),
        handle(endpoints.listApprovals, () => respond(endpoints.listApprovals, buildApprovalList([buildApproval()]))),
        handle(endpoints.listFreezes, () => respond(endpoints.listFreezes, buildFreezeList([buildFreeze()]))),
        handle(endpoints.listAudit, () => respond(endpoints.listAudit, buildAuditList([buildAuditEvent()]))),
      );
      renderApp(path);
      await screen.findAllByRole('heading', { level: 1 });
      await new Promise((r) => setTimeout(r, 1500));
      await waitFor(() => undefined);
      const found = scan(name);
      console.log(found.length ? found.join('\n') : `${name}: clean`);
    });
  }
});
