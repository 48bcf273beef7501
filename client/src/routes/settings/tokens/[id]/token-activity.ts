/** The parts of a token's activity the page shows, from the API's days (UTC, oldest first, unused days included). */

export interface ActivityCount {
  service: string;
  operation?: string | null;
  requests: number;
}

export interface ActivityDay {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  requests: number;
  counts: ActivityCount[];
}

/** The API's days are UTC days, so they are named in UTC whatever the reader's zone. */
const dayFormat = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });

export function formatActivityDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

export function countRequests(requests: number): string {
  return `${requests.toLocaleString('en')} ${requests === 1 ? 'request' : 'requests'}`;
}

export function totalRequests(days: readonly ActivityDay[]): number {
  return days.reduce((sum, day) => sum + day.requests, 0);
}

/** The day with the most requests, the latest of equals; null when there were none. */
export function busiestDay(days: readonly ActivityDay[]): ActivityDay | null {
  let busiest: ActivityDay | null = null;
  for (const day of days) if (day.requests > 0 && day.requests >= (busiest?.requests ?? 0)) busiest = day;
  return busiest;
}

/** One sentence for the chart's accessible name: "412 requests in the last 30 days, most on Nov 28: 97". */
export function describeActivity(days: readonly ActivityDay[]): string {
  const period = `in the last ${days.length} ${days.length === 1 ? 'day' : 'days'}`;
  const busiest = busiestDay(days);
  if (!busiest) return `No requests ${period}`;
  return `${countRequests(totalRequests(days))} ${period}, most on ${formatActivityDay(busiest.day)}: ${busiest.requests.toLocaleString('en')}`;
}

/** A bar's share of the chart's height. */
const MIN_VISIBLE_HEIGHT = 0.02;

export interface Bar {
  day: ActivityDay;
  /** From 0 to 1 of the chart's height. */
  height: number;
}

/**
 * A bar for each day, the busiest day filling the chart. A day with any request keeps a sliver, so one request
 * beside thousands is not mistaken for none.
 */
export function scaleBars(days: readonly ActivityDay[]): Bar[] {
  const most = busiestDay(days)?.requests ?? 0;
  return days.map((day) => ({
    day,
    height: day.requests === 0 ? 0 : Math.max(day.requests / most, MIN_VISIBLE_HEIGHT),
  }));
}

export interface ServiceTotal {
  service: string;
  operation: string | null;
  requests: number;
}

/** The period's requests by service and operation, most first (then by service and operation, for a stable order). */
export function requestsByService(days: readonly ActivityDay[]): ServiceTotal[] {
  const totals = new Map<string, ServiceTotal>();
  for (const { counts } of days) {
    for (const { service, operation, requests } of counts) {
      const key = JSON.stringify([service, operation ?? null]);
      const total = totals.get(key) ?? { service, operation: operation ?? null, requests: 0 };
      total.requests += requests;
      totals.set(key, total);
    }
  }
  return [...totals.values()].sort(
    (a, b) =>
      b.requests - a.requests ||
      a.service.localeCompare(b.service, 'en') ||
      (a.operation ?? '').localeCompare(b.operation ?? '', 'en'),
  );
}
