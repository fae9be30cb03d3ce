/**
 * The official schedules bundled with the platform: the State Council holiday notices as the
 * `chinese-days` package (pinned 1.5.7) holds them, one JSON file a year. The package covers
 * 2004–2026; only the years from 2020 — the earliest seed programme (Lishui, 2020-11) — are bundled,
 * to keep each function small (≈2 KB a year). Any other year throws CalendarYearMissingError until an
 * agency uploads it. To bundle a new year after upgrading the package, add one line below (a test
 * fails while the package has a year from 2020 on that is not bundled).
 */
import y2020 from 'chinese-days/dist/years/2020.json' with { type: 'json' };
import y2021 from 'chinese-days/dist/years/2021.json' with { type: 'json' };
import y2022 from 'chinese-days/dist/years/2022.json' with { type: 'json' };
import y2023 from 'chinese-days/dist/years/2023.json' with { type: 'json' };
import y2024 from 'chinese-days/dist/years/2024.json' with { type: 'json' };
import y2025 from 'chinese-days/dist/years/2025.json' with { type: 'json' };
import y2026 from 'chinese-days/dist/years/2026.json' with { type: 'json' };
import type { YearSchedule } from './schedule';

/** One year file of `chinese-days`: date → "English name,中文名,days". Only the dates are read. */
interface PackageYear {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

export const BUNDLED_DATA = 'chinese-days 1.5.7';

/** Year, package file, the State Council notice(s) it transcribes. */
const BUNDLED: readonly (readonly [number, PackageYear, string])[] = [
  [
    2020,
    y2020,
    'http://www.gov.cn/zhengce/content/2019-11/21/content_5454164.htm; extended Spring Festival: http://www.gov.cn/zhengce/content/2020-01/27/content_5472352.htm',
  ],
  [2021, y2021, 'http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm'],
  [2022, y2022, 'http://www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm'],
  [2023, y2023, 'http://www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm'],
  [2024, y2024, 'https://www.gov.cn/zhengce/content/202310/content_6911527.htm'],
  [2025, y2025, 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm'],
  [2026, y2026, 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm'],
];

/** The bundled schedules, oldest first; each file holds only dates of its own year (checked by a test). */
export const bundledSchedules: readonly YearSchedule[] = BUNDLED.map(([year, file, notice]) => ({
  year,
  holidays: Object.keys(file.holidays).sort(),
  workdays: Object.keys(file.workdays).sort(),
  source: `国务院办公厅 notice ${notice} (data: ${BUNDLED_DATA})`,
}));
