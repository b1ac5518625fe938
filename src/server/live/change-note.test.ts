import { describe, expect, it } from 'vitest';
import { parseChangeNote } from './change-note.js';

describe('parseChangeNote', () => {
  it('reads the payloads the triggers send', () => {
    expect(parseChangeNote('{"kind" : "case", "ids" : ["FO-2026-000001","FO-2026-000002"]}')).toEqual({ kind: 'case', ids: ['FO-2026-000001', 'FO-2026-000002'] });
    expect(parseChangeNote('{"kind" : "approval", "many" : true}')).toEqual({ kind: 'approval', ids: 'many' });
  });

  it('says null (anything may have changed) for what it cannot read', () => {
    for (const payload of ['', 'not json', '{"kind":"gossip","ids":[]}', '{"kind":"case"}', '{"kind":"case","ids":[1]}', '{"kind":"case","many":false}']) {
      expect(parseChangeNote(payload), payload).toBeNull();
    }
  });
});
