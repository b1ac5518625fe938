import { describe, expect, it } from 'vitest';
import { buildCaseSummary, buildProcessSummary, buildSearchResponse } from '../../../testing/fixtures.js';
import { singleDestination } from './single-destination.js';

const caseOn = (pi: string, id: string, status: 'OPEN' | 'RESOLVED' = 'OPEN') => buildCaseSummary({ id, processInstanceId: pi, status });
const processOn = (pi: string, openCaseCount = 0) => buildProcessSummary({ processInstanceId: pi, openCaseCount });

describe('singleDestination', () => {
  it.each([
    ['one case alone', buildSearchResponse({ cases: [caseOn('a', 'FO-1')] }), '/cases/FO-1'],
    ['one case with its own process', buildSearchResponse({ cases: [caseOn('a', 'FO-1')], running: [processOn('a', 1)] }), '/cases/FO-1'],
    ['one case, another process too', buildSearchResponse({ cases: [caseOn('a', 'FO-1')], running: [processOn('a', 1)], ended: [processOn('b')] }), null],
    ['two cases', buildSearchResponse({ cases: [caseOn('a', 'FO-1'), caseOn('b', 'FO-2')] }), null],
    ['one process without case', buildSearchResponse({ running: [processOn('a')] }), null],
    [
      'one process with one open and one resolved case',
      buildSearchResponse({ cases: [caseOn('a', 'FO-1', 'RESOLVED'), caseOn('a', 'FO-2')], running: [processOn('a', 1)] }),
      '/cases/FO-2',
    ],
    ['nothing', buildSearchResponse(), null],
    [
      'one case in a child process, its running root listed (same business key)',
      buildSearchResponse({ cases: [caseOn('child', 'FO-1')], running: [processOn('root', 1)] }),
      '/cases/FO-1',
    ],
    [
      'one case, a running process of another business key',
      buildSearchResponse({ cases: [caseOn('child', 'FO-1')], running: [buildProcessSummary({ processInstanceId: 'other', businessKey: 'order:ORD-2' })] }),
      null,
    ],
  ])('%s', (_, response, expected) => {
    expect(singleDestination(response)).toBe(expected);
  });
});
