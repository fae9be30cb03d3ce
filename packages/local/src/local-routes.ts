import { PROBLEM_CONTENT_TYPE, problemTypeUri } from '../../http/src/problem';
import { ClockBackwardsError, ClockSettleTimeoutError, type VirtualClock } from './clock';
import type { LocalRouteHandler, LocalRouteResponse } from './gateway';
import type { LocalScheduler } from './scheduler';

/**
 * The local-only routes of the lifecycle machinery:
 * - `GET /_local/clock` → `{ now }`;
 * - `POST /_local/clock` with `{ "advance": "<ISO 8601 duration>" }` (`P30D`, `PT12H`, `P1Y2M`) or
 *   `{ "to": "<ISO 8601 instant with offset>" }` → moves the virtual clock, and answers once
 *   everything due by the new time has run (executions suspended on the clock or finished,
 *   schedules fired): `{ now, ran: { executions, schedules } }`. Years and months are calendar
 *   months in UTC (Jan 31 + P1M = Feb 28/29). Bad bodies are 400/422, moving back 409;
 * - `GET /_local/dead-letters` → `{ deadLetters }` (schedule targets that kept failing);
 * - `GET /_local/schedules` → `{ schedules }` (expression, last and next occurrence).
 */

export const CLOCK_PATH = '/_local/clock';
export const DEAD_LETTERS_PATH = '/_local/dead-letters';
export const SCHEDULES_PATH = '/_local/schedules';

const json = (status: number, body: unknown): LocalRouteResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const problem = (
  status: number,
  slug: string,
  title: string,
  detail: string,
  extra = {},
): LocalRouteResponse => ({
  status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...(status === 405 ? { allow: 'GET, POST' } : {}) },
  body: JSON.stringify({ type: problemTypeUri(slug), title, status, detail, instance: CLOCK_PATH, ...extra }),
});

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** `instant` moved forward by an ISO 8601 duration (years and months on the UTC calendar); undefined if malformed. */
export const addIsoDuration = (instant: number, duration: string): number | undefined => {
  const m = DURATION.exec(duration);
  if (!m) return undefined;
  const [years, months, weeks, days, hours, minutes] = m.slice(1, 7).map((v) => Number(v ?? 0)) as number[];
  const seconds = Number(m[7] ?? 0);
  const start = new Date(instant);
  const monthIndex = start.getUTCMonth() + (months ?? 0) + 12 * (years ?? 0);
  const year = start.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const day = Math.min(start.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
  const shifted = Date.UTC(
    year,
    month,
    day,
    start.getUTCHours(),
    start.getUTCMinutes(),
    start.getUTCSeconds(),
    start.getUTCMilliseconds(),
  );
  const result =
    shifted +
    ((weeks ?? 0) * 7 + (days ?? 0)) * 86_400_000 +
    (hours ?? 0) * 3_600_000 +
    (minutes ?? 0) * 60_000 +
    Math.round(seconds * 1_000);
  return Number.isFinite(result) ? result : undefined;
};

/** An ISO 8601 instant with a time and an offset (`2027-01-01T01:00:00Z`, `...+08:00`); undefined otherwise. */
export const parseInstant = (text: string): number | undefined => {
  if (!INSTANT.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
};

export const clockRouteHandler =
  (clock: VirtualClock): LocalRouteHandler =>
  async (req, body) => {
    const iso = (ms: number) => new Date(ms).toISOString();
    if (req.method === 'GET') return json(200, { now: iso(clock.now()) });
    if (req.method !== 'POST')
      return problem(405, 'method-not-allowed', 'Method not allowed', `${req.method} is not served here`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return problem(400, 'malformed-json', 'Malformed JSON', 'The body is not JSON');
    }
    const invalid = (detail: string) => problem(422, 'validation', 'Invalid clock move', detail);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return invalid('Send {"advance": "<ISO 8601 duration>"} or {"to": "<ISO 8601 instant>"}');
    const { advance, to, ...rest } = parsed as Record<string, unknown>;
    if (Object.keys(rest).length > 0) return invalid(`Unknown field(s): ${Object.keys(rest).join(', ')}`);
    if ((advance === undefined) === (to === undefined))
      return invalid('Send exactly one of "advance" and "to"');
    let target: number | ((now: number) => number);
    if (advance !== undefined) {
      if (typeof advance !== 'string' || addIsoDuration(0, advance) === undefined)
        return invalid(`"advance" must be an ISO 8601 duration such as P30D, PT12H or P1Y2M`);
      target = (now) => addIsoDuration(now, advance) as number;
    } else {
      const instant = typeof to === 'string' ? parseInstant(to) : undefined;
      if (instant === undefined)
        return invalid(
          `"to" must be an ISO 8601 instant with a time and an offset, such as 2027-01-01T01:00:00Z`,
        );
      target = instant;
    }
    try {
      const result = await clock.advanceTo(target);
      // A schedule's work wakes once per occurrence; an execution may wake at several Waits.
      const executions = new Set(result.activations.filter((a) => a.kind === 'execution').map((a) => a.id));
      const schedules = result.activations.filter((a) => a.kind === 'schedule').length;
      return json(200, { now: iso(result.now), ran: { executions: executions.size, schedules } });
    } catch (err) {
      if (err instanceof ClockBackwardsError)
        return problem(409, 'clock-backwards', 'The clock only moves forward', err.message, {
          now: iso(clock.now()),
        });
      if (err instanceof ClockSettleTimeoutError)
        return problem(504, 'clock-settle-timeout', 'Work did not settle', err.message, {
          now: iso(err.now),
        });
      throw err;
    }
  };

/** A read-only local route answering `GET` with `body()`. */
const getRoute =
  (body: () => unknown): LocalRouteHandler =>
  async (req) =>
    req.method === 'GET' ? json(200, body()) : { status: 405, headers: { allow: 'GET' } };

export const deadLettersRouteHandler = (scheduler: Pick<LocalScheduler, 'deadLetters'>): LocalRouteHandler =>
  getRoute(() => ({ deadLetters: scheduler.deadLetters() }));

export const schedulesRouteHandler = (scheduler: Pick<LocalScheduler, 'schedules'>): LocalRouteHandler =>
  getRoute(() => ({ schedules: scheduler.schedules() }));
