import { describe, expect, it } from 'vitest';
import { approvalBreachesFilter, bucketFilter, commandsFilter, inRangeFilter, queueHref } from './queue-links.js';

describe('queue links', () => {
  it('uses a ready filter from the BFF as it is', () => {
    expect(queueHref('view=stuck&activityId=await-shipment')).toBe('/cases?view=stuck&activityId=await-shipment');
    expect(queueHref({ category: 'UNKNOWN_OUTCOME' })).toBe('/cases?category=UNKNOWN_OUTCOME');
  });

  it('turns a daily bucket into an age window relative to the dashboard time', () => {
    // Bucket 4 Jan 00:00–24:00, dashboard at 5 Jan 12:00: first seen 12 h to 36 h ago.
    expect(bucketFilter('2026-01-04T00:00:00Z', '7d', Date.parse('2026-01-05T12:00:00Z'))).toEqual({ status: 'all', minAgeMinutes: 720, maxAgeMinutes: 2160 });
    // Hourly buckets for 24h: 11:00–12:00 → 0 to 60 minutes ago.
    expect(bucketFilter('2026-01-05T11:00:00Z', '24h', Date.parse('2026-01-05T12:00:00Z'))).toEqual({ status: 'all', minAgeMinutes: 0, maxAgeMinutes: 60 });
  });

  it('covers the whole range for range-wide figures', () => {
    expect(inRangeFilter('30d')).toEqual({ status: 'all', maxAgeMinutes: 43200 });
  });

  it('points command and approval figures at the cases behind them, within the range', () => {
    expect(queueHref(commandsFilter('24h', ['RETRY_STEP'], 'failed'))).toBe('/cases?status=all&command=RETRY_STEP&commandOutcome=failed&eventWithinMinutes=1440');
    expect(queueHref(commandsFilter('7d', ['RESOLVE', 'CONFIRM_EXTERNAL_OUTCOME'], 'done'))).toBe(
      '/cases?status=all&command=RESOLVE%2CCONFIRM_EXTERNAL_OUTCOME&commandOutcome=done&eventWithinMinutes=10080',
    );
    expect(queueHref(approvalBreachesFilter('7d'))).toBe('/cases?status=all&approval=breached&eventWithinMinutes=10080');
  });
});
