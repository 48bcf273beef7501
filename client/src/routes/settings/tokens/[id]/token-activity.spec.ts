import { describe, expect, it } from 'vitest';
import {
  type ActivityDay,
  busiestDay,
  describeActivity,
  formatActivityDay,
  requestsByService,
  scaleBars,
  totalRequests,
} from './token-activity';

/** Consecutive days from Nov 26, 2026 with these totals (one count each, at Latchkey). */
function daysWith(...requests: number[]): ActivityDay[] {
  return requests.map((count, index) => ({
    day: new Date(Date.UTC(2026, 10, 26 + index)).toISOString().slice(0, 10),
    requests: count,
    counts: count ? [{ service: 'latchkey', operation: 'Viewer', requests: count }] : [],
  }));
}

describe('describeActivity', () => {
  it('sums the period and names its busiest day', () => {
    expect(describeActivity(daysWith(300, 15, 97, 0))).toBe('412 requests in the last 4 days, most on Nov 26: 300');
  });

  it('names the latest of equally busy days', () => {
    expect(describeActivity(daysWith(5, 0, 5))).toBe('10 requests in the last 3 days, most on Nov 28: 5');
  });

  it('says so when there were no requests, and speaks of one request and one day in the singular', () => {
    expect(describeActivity(daysWith(0, 0))).toBe('No requests in the last 2 days');
    expect(describeActivity(daysWith(1))).toBe('1 request in the last 1 day, most on Nov 26: 1');
  });

  it('groups thousands', () => {
    expect(describeActivity(daysWith(1200, 34))).toBe('1,234 requests in the last 2 days, most on Nov 26: 1,200');
  });
});

describe('formatActivityDay', () => {
  it('names the UTC day, across a month and a year', () => {
    expect(formatActivityDay('2026-11-30')).toBe('Nov 30');
    expect(formatActivityDay('2027-01-01')).toBe('Jan 1');
  });
});

describe('totals', () => {
  it('adds up every day, and finds no busiest day in an unused period', () => {
    expect(totalRequests(daysWith(3, 0, 4))).toBe(7);
    expect(busiestDay(daysWith(0, 0))).toBeNull();
  });
});

describe('scaleBars', () => {
  const heights = (days: ActivityDay[]) => scaleBars(days).map((bar) => bar.height);

  it('keeps each bar with its day, oldest first', () => {
    const days = daysWith(1, 2);
    expect(scaleBars(days).map((bar) => bar.day)).toEqual(days);
  });

  it('scales the busiest day to the full height and leaves unused days empty', () => {
    expect(heights(daysWith(50, 0, 100, 25))).toEqual([0.5, 0, 1, 0.25]);
  });

  it('keeps a sliver for a day with few requests beside a busy one', () => {
    const [few, busy] = heights(daysWith(1, 10_000));
    expect(few).toBeGreaterThan(0.0001);
    expect(few).toBeLessThan(0.05);
    expect(busy).toBe(1);
  });

  it('draws nothing for a period without requests', () => {
    expect(heights(daysWith(0, 0, 0))).toEqual([0, 0, 0]);
  });
});

describe('requestsByService', () => {
  it('sums each service and operation over the period, most first', () => {
    const days: ActivityDay[] = [
      {
        day: '2026-11-27',
        requests: 9,
        counts: [
          { service: 'latchkey', operation: 'Viewer', requests: 4 },
          { service: 'reports', operation: null, requests: 3 },
          { service: 'latchkey', operation: 'Tokens', requests: 2 },
        ],
      },
      { day: '2026-11-28', requests: 0, counts: [] },
      {
        day: '2026-11-29',
        requests: 6,
        counts: [
          { service: 'reports', operation: null, requests: 5 },
          { service: 'latchkey', operation: 'Tokens', requests: 1 },
        ],
      },
    ];
    expect(requestsByService(days)).toEqual([
      { service: 'reports', operation: null, requests: 8 },
      { service: 'latchkey', operation: 'Viewer', requests: 4 },
      { service: 'latchkey', operation: 'Tokens', requests: 3 },
    ]);
  });

  it('orders equal totals by service, then operation', () => {
    const days: ActivityDay[] = [
      {
        day: '2026-11-27',
        requests: 3,
        counts: [
          { service: 'reports', operation: null, requests: 1 },
          { service: 'latchkey', operation: 'Viewer', requests: 1 },
          { service: 'latchkey', operation: 'Anonymous', requests: 1 },
        ],
      },
    ];
    expect(requestsByService(days).map(({ service, operation }) => `${service} ${operation}`)).toEqual([
      'latchkey Anonymous',
      'latchkey Viewer',
      'reports null',
    ]);
  });
});
