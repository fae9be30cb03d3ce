/**
 * When each built-in programme's cycle opens, as its agency would set it. The seeds give the
 * rhythm (yearly; Beijing every 2 years) and some deadlines, not the opening day: these days are
 * the agencies' settings, kept here in one place and written into each schedule's input.
 *
 * | programme | opens (Asia/Shanghai) | why |
 * |---|---|---|
 * | lishui-masters | 1 September, yearly | nominations close 31 October, pairings 30 November (LS-CALENDAR) |
 * | guangdong-diploma-technician | 1 March, yearly | pilot rounds each year (GD-PHASES) |
 * | zhuhai-new-craftsmen | 1 March, yearly | yearly cultivation |
 * | jiangsu-excellent-technicians | 2 January, yearly | "年初" units offer majors; training in the first three quarters (JS-WINDOW) |
 * | beijing-craftsman-teachers | 1 March, every 2 years from 2026 | rounds of 2–3 years (BJ-SELECTION-FLOW); publicity length: the agency's 5 working days (the seed sets none) |
 */
export interface CycleSchedule {
  readonly programmeId: string;
  readonly agencyId: string;
  /** `<prefix>-<year>` is the cycle id. */
  readonly cyclePrefix: string;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  /** Every N years from `firstYear` (default every year). */
  readonly everyYears?: number;
  readonly firstYear?: number;
  /** Per-stage settings the seed leaves to the agency. */
  readonly stages?: Readonly<Record<string, { readonly workingDays?: number; readonly endsOn?: string }>>;
}

export const cycleSchedules: readonly CycleSchedule[] = [
  { programmeId: 'lishui-masters', agencyId: 'lishui', cyclePrefix: 'ls', month: 9, day: 1, hour: 9 },
  {
    programmeId: 'guangdong-diploma-technician',
    agencyId: 'guangdong',
    cyclePrefix: 'gd',
    month: 3,
    day: 1,
    hour: 9,
  },
  { programmeId: 'zhuhai-new-craftsmen', agencyId: 'zhuhai', cyclePrefix: 'zh', month: 3, day: 1, hour: 9 },
  {
    programmeId: 'jiangsu-excellent-technicians',
    agencyId: 'jiangsu',
    cyclePrefix: 'js',
    month: 1,
    day: 2,
    hour: 9,
  },
  {
    programmeId: 'beijing-craftsman-teachers',
    agencyId: 'beijing',
    cyclePrefix: 'bj',
    month: 3,
    day: 1,
    hour: 9,
    everyYears: 2,
    firstYear: 2026,
    stages: { publicity: { workingDays: 5 } },
  },
];

/** The EventBridge Scheduler cron expression of a schedule (`cron(min hour day month ? year)`). */
export const cronExpression = (s: CycleSchedule): string =>
  `cron(0 ${s.hour} ${s.day} ${s.month} ? ${s.everyYears && s.everyYears > 1 ? `${s.firstYear ?? 2026}/${s.everyYears}` : '*'})`;
