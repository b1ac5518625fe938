import { describe, expect, it } from 'vitest';
import type { StoredAuditEvent } from '../store/audit-repo.js';
import { csvCell, exportChunks } from './export.js';
import { maskSensitive } from './mask.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function stored(overrides: Partial<StoredAuditEvent> = {}): StoredAuditEvent {
  return {
    seq: 7, chainIndex: 5, at: new Date('2026-03-01T08:00:00.000Z'), actor: 'omar.ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment',
    caseId: 'FO-2026-000042', businessKey: 'ORD-4242', action: 'CONFIRM_EXTERNAL_OUTCOME', commandId: 'cmd-7', idempotencyKey: 'key-7', outcome: 'DONE',
    detail: '{"inputs":{"customer":{"customerEmail":"jane@example.com","name":"Jane"},"reason":"billing, confirmed"},"lines":[{"customerEmail":"x@example.com"}]}',
    prevHash: HASH_A, hash: HASH_B, canonical: '{}',
    ...overrides,
  };
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function* events(...list: StoredAuditEvent[]) {
  yield* list;
}

describe('maskSensitive', () => {
  it('masks listed keys at any depth and inside arrays, whatever their letter case, and keeps everything else', () => {
    const detail = { customerEmail: 'a@b.c', inputs: { CUSTOMEREMAIL: 'd@e.f', note: 'ok', items: [{ iban: 'DE89', qty: 2 }] }, customerName: { first: 'J' } };
    expect(maskSensitive(detail, ['customerEmail', 'iban', 'customerName'])).toEqual({
      customerEmail: '***', inputs: { CUSTOMEREMAIL: '***', note: 'ok', items: [{ iban: '***', qty: 2 }] }, customerName: '***',
    });
  });

  it('changes nothing when nothing is sensitive', () => {
    expect(maskSensitive({ customerEmail: 'a@b.c' }, [])).toEqual({ customerEmail: 'a@b.c' });
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['a=b', 'a=b'],
  ])('writes %j as %s', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes null as an empty cell', () => {
    expect(csvCell(null)).toBe('');
  });
});

describe('exportChunks', () => {
  it('writes NDJSON, one event per line, with the nested customerEmail masked', async () => {
    const text = await collect(exportChunks(events(stored(), stored({ seq: 8, detail: '{}' })), 'ndjson', ['customerEmail']));
    expect(text).not.toContain('example.com');
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({
      seq: 7, at: '2026-03-01T08:00:00.000Z', actor: 'omar.ops', roles: ['support', 'fulfillment_ops'], team: 'fulfillment',
      caseId: 'FO-2026-000042', businessKey: 'ORD-4242', action: 'CONFIRM_EXTERNAL_OUTCOME', commandId: 'cmd-7', idempotencyKey: 'key-7', outcome: 'DONE',
      detail: { inputs: { customer: { customerEmail: '***', name: 'Jane' }, reason: 'billing, confirmed' }, lines: [{ customerEmail: '***' }] },
      prevHash: HASH_A, hash: HASH_B,
    });
    expect(JSON.parse(lines[1]!).seq).toBe(8);
  });

  it('writes CSV with a header, quoted JSON detail, empty cells for nulls and guarded formulas', async () => {
    const text = await collect(
      exportChunks(events(stored(), stored({ seq: 9, team: null, idempotencyKey: '=cmd|calc', detail: '{"note":"-1"}' })), 'csv', ['customerEmail']),
    );
    expect(text).toBe(
      'seq,at,actor,roles,team,case_id,business_key,action,command_id,idempotency_key,outcome,detail,prev_hash,hash\r\n' +
        `7,2026-03-01T08:00:00.000Z,omar.ops,support;fulfillment_ops,fulfillment,FO-2026-000042,ORD-4242,CONFIRM_EXTERNAL_OUTCOME,cmd-7,key-7,DONE,` +
        `"{""inputs"":{""customer"":{""customerEmail"":""***"",""name"":""Jane""},""reason"":""billing, confirmed""},""lines"":[{""customerEmail"":""***""}]}",` +
        `${HASH_A},${HASH_B}\r\n` +
        `9,2026-03-01T08:00:00.000Z,omar.ops,support;fulfillment_ops,,FO-2026-000042,ORD-4242,CONFIRM_EXTERNAL_OUTCOME,cmd-7,'=cmd|calc,DONE,` +
        `"{""note"":""-1""}",${HASH_A},${HASH_B}\r\n`,
    );
  });

  it('writes only the header for no events', async () => {
    expect(await collect(exportChunks(events(), 'csv', []))).toBe(
      'seq,at,actor,roles,team,case_id,business_key,action,command_id,idempotency_key,outcome,detail,prev_hash,hash\r\n',
    );
  });

  it('streams in several chunks rather than one large string', async () => {
    const many = Array.from({ length: 5 }, (_, i) => stored({ seq: i + 1 }));
    const chunks: string[] = [];
    for await (const chunk of exportChunks(events(...many), 'ndjson', [], 2)) chunks.push(chunk);
    expect(chunks.map((c) => c.split('\n').length - 1)).toEqual([2, 2, 1]);
  });
});
