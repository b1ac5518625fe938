import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../api-problem.js';
import { exportFileName } from './file-name.js';
import { auditFilterOf, auditPageOf, exportFormatOf, parseAuditQuery } from './query.js';

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof ApiProblem) return `${error.status} ${error.code}`;
    throw error;
  }
  return undefined;
};

describe('audit query', () => {
  it('reads filters, paging and order, with defaults', () => {
    const query = parseAuditQuery({ caseId: ' FO-2026-000001 ', businessKey: 'ORD-1', from: '2026-03-01', to: '2026-03-01T12:30:00+01:00' });
    expect(auditFilterOf(query)).toEqual({
      caseId: 'FO-2026-000001', businessKey: 'ORD-1', from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-01T11:30:00Z'),
    });
    expect(auditPageOf(query)).toEqual({ limit: 200, offset: 0, order: 'desc' });
    expect(auditPageOf(parseAuditQuery({ limit: '1000', offset: '400', order: 'asc' }))).toEqual({ limit: 1000, offset: 400, order: 'asc' });
  });

  it.each([
    [{ limit: '0' }, '400 INVALID_LIMIT'],
    [{ limit: '1001' }, '400 INVALID_LIMIT'],
    [{ limit: 'ten' }, '400 INVALID_LIMIT'],
    [{ offset: '-1' }, '400 INVALID_OFFSET'],
    [{ order: 'newest' }, '400 INVALID_ORDER'],
  ])('refuses paging %j', (raw, code) => {
    expect(codeOf(() => auditPageOf(parseAuditQuery(raw)))).toBe(code);
  });

  it.each([
    [{ from: 'yesterday' }, '400 INVALID_TIME'],
    [{ to: '2026-03-01T08:00:00' }, '400 INVALID_TIME'],
    [{ from: '2026-03-02', to: '2026-03-01' }, '400 INVALID_TIME_RANGE'],
    [{ caseId: ['FO-2026-000001', 'FO-2026-000002'] }, '400 INVALID_AUDIT_QUERY'],
    [{ businessKey: '' }, '400 INVALID_AUDIT_QUERY'],
  ])('refuses filter %j', (raw, code) => {
    expect(codeOf(() => auditFilterOf(parseAuditQuery(raw)))).toBe(code);
  });

  it('knows the two export formats', () => {
    expect(exportFormatOf(parseAuditQuery({ format: 'csv' }))).toBe('csv');
    expect(exportFormatOf(parseAuditQuery({ format: 'ndjson' }))).toBe('ndjson');
    expect(codeOf(() => exportFormatOf(parseAuditQuery({ format: 'xlsx' })))).toBe('400 INVALID_FORMAT');
    expect(codeOf(() => exportFormatOf(parseAuditQuery({})))).toBe('400 INVALID_FORMAT');
  });
});

describe('exportFileName', () => {
  const takenAt = new Date('2026-03-01T08:15:30.250Z');
  it('names the filter and the time of the export', () => {
    expect(exportFileName({ caseId: 'FO-2026-000123' }, 'csv', takenAt)).toBe('audit-case-FO-2026-000123-20260301T081530Z.csv');
    expect(exportFileName({}, 'ndjson', takenAt)).toBe('audit-all-20260301T081530Z.ndjson');
    expect(exportFileName({ from: new Date('2026-02-01T00:00:00Z'), to: new Date('2026-03-01T00:00:00Z') }, 'csv', takenAt)).toBe(
      'audit-from-20260201T000000Z-to-20260301T000000Z-20260301T081530Z.csv',
    );
  });

  it('keeps quotes and path characters of a business key out of the header', () => {
    expect(exportFileName({ businessKey: 'ORD "1"/../x' }, 'csv', takenAt)).toBe('audit-key-ORD_1_.._x-20260301T081530Z.csv');
  });
});
