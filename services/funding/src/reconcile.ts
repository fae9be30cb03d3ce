/**
 * Matching a released batch against the payment confirmation file (回单) of the bank or treasury:
 * a CSV with the batch's line ids or resident IDs and amounts in fen or yuan. Pure; integer fen.
 */
import { maskResidentId, ValidationFailedError, yuanToFen } from '@talent/kernel';

export interface ConfirmationRow {
  readonly row: number;
  readonly lineId?: string;
  readonly residentId?: string;
  readonly amountFen: number;
}

export interface FileProblem {
  readonly row: number;
  readonly message: string;
}

/** RFC 4180 fields (quotes, doubled quotes, CRLF), after an optional BOM. */
export const parseCsv = (text: string): string[][] => {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
};

const HEADERS = {
  lineId: ['lineid', '明细编号'],
  residentId: ['residentid', '身份证号', '身份证号码'],
  amountFen: ['amountfen', '金额（分）', '金额(分)'],
  amountYuan: ['amountyuan', '金额（元）', '金额(元)', '金额'],
};

const norm = (h: string) => h.trim().toLowerCase().replace(/\s/g, '');
const columnOf = (header: readonly string[], names: readonly string[]) =>
  header.findIndex((h) => names.some((n) => norm(h).startsWith(n)));

export const readConfirmation = (text: string): { rows: ConfirmationRow[]; problems: FileProblem[] } => {
  const [header = [], ...data] = parseCsv(text);
  const col = {
    lineId: columnOf(header, HEADERS.lineId),
    residentId: columnOf(header, HEADERS.residentId),
    amountFen: columnOf(header, HEADERS.amountFen),
    amountYuan: columnOf(
      header,
      HEADERS.amountYuan.filter((n) => n !== '金额'),
    ),
  };
  if (col.amountYuan < 0 && col.amountFen < 0) col.amountYuan = header.findIndex((h) => norm(h) === '金额');
  const problems: FileProblem[] = [];
  if (col.lineId < 0 && col.residentId < 0)
    problems.push({ row: 1, message: 'the header names neither 明细编号/lineId nor 身份证号/residentId' });
  if (col.amountFen < 0 && col.amountYuan < 0)
    problems.push({
      row: 1,
      message: 'the header names neither 金额（分）/amountFen nor 金额（元）/amountYuan',
    });
  if (problems.length) return { rows: [], problems };
  const rows: ConfirmationRow[] = [];
  data.forEach((r, i) => {
    const row = i + 2;
    const lineId = col.lineId >= 0 ? r[col.lineId]?.trim() : undefined;
    const residentId = col.residentId >= 0 ? r[col.residentId]?.trim().toUpperCase() : undefined;
    // A leading apostrophe is a spreadsheet's text marker (our own CSV writes one before a minus).
    const cell = (i: number) => (i >= 0 ? r[i]?.trim().replace(/^'/, '').replaceAll(',', '') : undefined);
    const fenText = cell(col.amountFen);
    const yuanText = cell(col.amountYuan);
    let amountFen: number | undefined;
    if (fenText) amountFen = /^-?\d{1,15}$/.test(fenText) ? Number(fenText) : undefined;
    else if (yuanText) {
      try {
        amountFen = yuanToFen(yuanText);
      } catch {
        amountFen = undefined;
      }
    }
    if (amountFen === undefined) {
      problems.push({ row, message: 'the amount is not whole fen or yuan with at most two decimals' });
      return;
    }
    if (!lineId && !residentId) {
      problems.push({ row, message: 'the row names no line id or resident ID' });
      return;
    }
    rows.push({ row, ...(lineId ? { lineId } : {}), ...(residentId ? { residentId } : {}), amountFen });
  });
  return { rows, problems };
};

export interface ExpectedLine {
  readonly lineId: string;
  readonly residentId: string;
  readonly amountFen: number;
}

export interface Mismatch {
  readonly kind: 'missing' | 'extra' | 'amount-differs';
  readonly key: string;
  readonly expectedFen?: number;
  readonly paidFen?: number;
  readonly rows?: readonly number[];
}

/**
 * By line id when the file has them (every row), otherwise by resident ID (a person's lines summed).
 * Missing: expected, not in the file; extra: in the file, not in the batch; amount-differs: both, other sums.
 */
/** Row numbers listed per mismatched key (the first ones). */
const MAX_ROWS_PER_KEY = 20;

/** a + b in fen, exactly; a total beyond what a number holds exactly is a bad file (422). */
const safeSum = (a: number, b: number): number => {
  const sum = BigInt(a) + BigInt(b);
  if (sum > BigInt(Number.MAX_SAFE_INTEGER) || sum < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ValidationFailedError([
      {
        ruleId: 'P-RECONCILIATION-FILE',
        path: 'body.csv',
        message: 'the amounts add up beyond any real payment: check the file',
        messageZh: '金额合计超出合理范围，请核对文件',
      },
    ]);
  }
  return Number(sum);
};

export const reconcile = (expected: readonly ExpectedLine[], rows: readonly ConfirmationRow[]) => {
  const byLine = rows.length > 0 && rows.every((r) => r.lineId);
  const keyOf = (x: { lineId?: string; residentId?: string }) =>
    byLine ? (x.lineId ?? '') : (x.residentId ?? '');
  const want = new Map<string, number>();
  for (const e of expected) want.set(keyOf(e), safeSum(want.get(keyOf(e)) ?? 0, e.amountFen));
  // Sums in integers (BigInt) so a file of huge amounts cannot round; the row numbers kept per key
  // are capped so one key repeated in every row stays linear.
  const got = new Map<string, { fen: number; rows: number[] }>();
  for (const r of rows) {
    let g = got.get(keyOf(r));
    if (!g) {
      g = { fen: 0, rows: [] };
      got.set(keyOf(r), g);
    }
    g.fen = safeSum(g.fen, r.amountFen);
    if (g.rows.length < MAX_ROWS_PER_KEY) g.rows.push(r.row);
  }
  const shown = (k: string) => (byLine ? k : maskResidentId(k));
  const mismatches: Mismatch[] = [];
  let matched = 0;
  for (const [k, fen] of want) {
    const g = got.get(k);
    if (!g) mismatches.push({ kind: 'missing', key: shown(k), expectedFen: fen });
    else if (g.fen !== fen)
      mismatches.push({
        kind: 'amount-differs',
        key: shown(k),
        expectedFen: fen,
        paidFen: g.fen,
        rows: g.rows,
      });
    else matched += 1;
  }
  for (const [k, g] of got)
    if (!want.has(k)) mismatches.push({ kind: 'extra', key: shown(k), paidFen: g.fen, rows: g.rows });
  return {
    matchedBy: byLine ? ('lineId' as const) : ('residentId' as const),
    matched,
    expectedFen: [...want.values()].reduce(safeSum, 0),
    paidFen: [...got.values()].reduce((a, g) => safeSum(a, g.fen), 0),
    mismatches,
  };
};
