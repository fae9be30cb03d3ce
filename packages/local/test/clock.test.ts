import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ClockAbandonedError,
  ClockBackwardsError,
  ClockSettleTimeoutError,
  VirtualClock,
} from '../src/clock';
import { addIsoDuration, parseInstant } from '../src/local-routes';
import { tempDir } from './helpers';

const T0 = Date.parse('2030-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('the virtual clock', () => {
  it('stays frozen until advanced, and only moves forward', async () => {
    const clock = new VirtualClock({ start: T0 });
    await new Promise((r) => setTimeout(r, 5));
    expect(clock.now()).toBe(T0);
    expect((await clock.advance(1_000)).now).toBe(T0 + 1_000);
    expect((await clock.advanceTo(T0 + 5_000)).now).toBe(T0 + 5_000);
    await expect(clock.advanceTo(T0)).rejects.toBeInstanceOf(ClockBackwardsError);
    await expect(clock.advance(-1)).rejects.toBeInstanceOf(ClockBackwardsError);
    expect(clock.now()).toBe(T0 + 5_000);
  });

  it('starts at the real time by default', () => {
    const before = Date.now();
    const now = new VirtualClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('continues from its file after a restart', async () => {
    const file = join(tempDir('clock'), 'clock.json');
    const first = new VirtualClock({ file, start: T0 });
    await first.advance(3_600_000);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ now: '2030-01-01T01:00:00.000Z' });
    const second = new VirtualClock({ file, start: 0 });
    expect(second.now()).toBe(T0 + 3_600_000);
  });

  it('steps through due instants in order, each waiter seeing the clock at its own instant', async () => {
    const clock = new VirtualClock({ start: T0 });
    const seen: string[] = [];
    const a = clock.startWork('execution', 'a');
    const b = clock.startWork('execution', 'b');
    const run = async (work: typeof a, at: number[]) => {
      for (const instant of at) {
        await work.until(instant);
        seen.push(`${work.id}@${iso(clock.now())}`);
      }
      work.end();
    };
    void run(a, [T0 + 3_000, T0 + 10_000]);
    void run(b, [T0 + 1_000, T0 + 5_000]);
    const plain = clock.until(T0 + 4_000).then(() => seen.push(`plain@${iso(clock.now())}`));
    const result = await clock.advance(20_000);
    await plain;
    expect(seen).toEqual([
      'b@2030-01-01T00:00:01.000Z',
      'a@2030-01-01T00:00:03.000Z',
      'plain@2030-01-01T00:00:04.000Z',
      'b@2030-01-01T00:00:05.000Z',
      'a@2030-01-01T00:00:10.000Z',
    ]);
    expect(result.now).toBe(T0 + 20_000);
    expect(result.activations.map((x) => x.id)).toEqual(['b', 'a', 'b', 'a']);
  });

  it('waits for busy work to suspend or end before it steps on', async () => {
    const clock = new VirtualClock({ start: T0 });
    const work = clock.startWork('schedule', 's');
    let finished = false;
    void (async () => {
      await work.until(T0 + 1_000);
      await new Promise((r) => setTimeout(r, 20)); // real work (I/O) at the due instant
      finished = true;
      work.end();
    })();
    await clock.advance(60_000);
    expect(finished).toBe(true);
  });

  it('gives up settling after the timeout, naming what is still busy', async () => {
    const clock = new VirtualClock({ start: T0, settleTimeoutMs: 20 });
    const stuck = clock.startWork('execution', 'stuck');
    await expect(clock.advance(1_000)).rejects.toBeInstanceOf(ClockSettleTimeoutError);
    await expect(clock.settle(20)).rejects.toThrow(/execution stuck/);
    stuck.end();
    expect((await clock.advance(1_000)).now).toBe(T0 + 1_000);
  });

  it('abandons waits on abort and on close', async () => {
    const clock = new VirtualClock({ start: T0 });
    const work = clock.startWork('execution', 'x');
    const abort = new AbortController();
    const waiting = work.until(T0 + 1_000, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(ClockAbandonedError);
    const other = clock.until(T0 + 1_000);
    clock.close();
    await expect(other).rejects.toBeInstanceOf(ClockAbandonedError);
    expect(clock.nextDue()).toBeUndefined();
  });
});

describe('ISO 8601 for the clock route', () => {
  it('adds durations, years and months on the UTC calendar', () => {
    const at = (s: string) => Date.parse(s);
    expect(iso(addIsoDuration(at('2030-01-31T10:00:00Z'), 'P1M') ?? 0)).toBe('2030-02-28T10:00:00.000Z');
    expect(iso(addIsoDuration(at('2028-02-29T00:00:00Z'), 'P1Y') ?? 0)).toBe('2029-02-28T00:00:00.000Z');
    expect(iso(addIsoDuration(at('2030-01-01T00:00:00Z'), 'P1Y2M3DT4H5M6.5S') ?? 0)).toBe(
      '2031-03-04T04:05:06.500Z',
    );
    expect(iso(addIsoDuration(at('2030-01-01T00:00:00Z'), 'P2W') ?? 0)).toBe('2030-01-15T00:00:00.000Z');
    expect(addIsoDuration(T0, 'PT0S')).toBe(T0);
    for (const bad of ['', 'P', 'PT', 'P1H', '1D', 'P-1D', 'P1.5D', 'p1d'])
      expect(addIsoDuration(T0, bad), bad).toBeUndefined();
  });

  it('accepts instants with a time and an offset only', () => {
    expect(parseInstant('2030-01-01T09:00:00+08:00')).toBe(Date.parse('2030-01-01T01:00:00Z'));
    expect(parseInstant('2030-01-01T01:00Z')).toBe(Date.parse('2030-01-01T01:00:00Z'));
    for (const bad of ['2030-01-01', '2030-01-01T01:00:00', 'soon', '2030-13-01T00:00:00Z'])
      expect(parseInstant(bad), bad).toBeUndefined();
  });
});
