// Audit evidence for supervisors and auditors: list, export (NDJSON or CSV, streamed in chain order) and
// chain verification. Sensitive fields named by the catalog are masked in every answer.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type * as z from 'zod/mini';
import type { auditListSchema } from '../../contracts/audit.js';
import { exportChunks } from '../audit/export.js';
import { exportFileName } from '../audit/file-name.js';
import { presentAuditEvent } from '../audit/present.js';
import { auditFilterOf, auditPageOf, exportFormatOf, parseAuditQuery } from '../audit/query.js';
import { verifyAuditEvidence } from '../audit/verify.js';
import { requestUser } from '../auth/request-user.js';
import type { AppContext } from '../context.js';
import { appendAudit, iterateAuditEvents, listAuditEvents, readChainHead } from '../store/audit-repo.js';

type AuditList = z.infer<typeof auditListSchema>;

const CONTENT_TYPES = { ndjson: 'application/x-ndjson; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

/** The longest an export or a chain verification may run. */
const LONG_READ_MS = 10 * 60_000;

export function auditRoutes(app: FastifyInstance, ctx: AppContext, options: { sensitiveFields: () => string[] }): void {
  app.get('/api/audit', { config: { access: { roles: ['supervisor', 'auditor'] } } }, async (request): Promise<AuditList> => {
    const query = parseAuditQuery(request.query);
    const page = await listAuditEvents(ctx.db, auditFilterOf(query), auditPageOf(query));
    const sensitive = options.sensitiveFields();
    return { items: page.items.map((event) => presentAuditEvent(event, sensitive)), total: page.total };
  });

  // Streams the whole chain: bounded by minutes, not by the reads' 5 s (a client that leaves still stops it).
  app.get('/api/audit/export', { config: { access: { roles: ['auditor'] }, deadlineMs: LONG_READ_MS } }, async (request, reply) => {
    const user = requestUser(request);
    const query = parseAuditQuery(request.query);
    const filter = auditFilterOf(query);
    const format = exportFormatOf(query);
    const takenAt = ctx.clock.now();
    // The file ends at the head as it is now, so events appended while it streams do not stretch it.
    const head = await readChainHead(ctx.db);
    // Evidence leaving the system is itself evidence.
    await ctx.db.transaction((tx) =>
      appendAudit(tx, {
        at: takenAt, actor: user.id, roles: user.roles, team: user.team, caseId: filter.caseId ?? null, businessKey: filter.businessKey ?? null,
        action: 'EXPORT_AUDIT', commandId: null, idempotencyKey: null, outcome: 'EXPORTED',
        detail: { format, filter: { ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() }, upToChainIndex: head.lastIndex },
      }),
    );
    const events = iterateAuditEvents(ctx.db, filter, { upToChainIndex: head.lastIndex });
    return reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${exportFileName(filter, format, takenAt)}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(exportChunks(events, format, options.sensitiveFields())));
  });

  app.get('/api/audit/verify', { config: { access: { roles: ['auditor'] }, deadlineMs: LONG_READ_MS } }, async () => verifyAuditEvidence(ctx.db, ctx.auditAnchor ?? null));
}
