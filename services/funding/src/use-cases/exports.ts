/**
 * Exports of a batch or of a programme-year (approved and released batches' lines of the year), as
 * CSV (UTF-8 with BOM, Chinese headers, yuan with two decimals and a fen column) or XLSX (a summary
 * sheet whose formulas give its values, then one sheet per unit). Rows are read page by page and
 * streamed through the writer into the export store: memory stays flat at any size.
 */
import { createHash } from 'node:crypto';
import { type AgencyId, auditPut, tenantKey, transactWrite } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { ForbiddenError, formatYuan, maskResidentId, NotFoundError, newId, nowIso } from '@talent/kernel';
import { csvChunks, xlsxChunks } from '@talent/tabular';
import { ExportStoreError } from '../errors';
import { contentDispositionOf, exportStore } from '../export-store';
import { type BatchLine, type DisbursementBatch, seesFullIds } from '../model';
import { getItem, strip, table } from '../repositories/items';
import { programmeOf } from './budgets';
import { agencyOf, changeBy } from './context';
import { batches, getBatch } from './disbursement';

/**
 * Largest file returned inline. Not 5 MB: a Lambda response is ≤ 6 MB *after* base64 (×4/3), so
 * 4 MiB (5.6 MB of base64 plus headers) is the most that fits.
 */
export const INLINE_LIMIT_BYTES = 4 * 1024 * 1024;
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportRecord {
  readonly exportId: string;
  readonly agencyId: AgencyId;
  readonly format: ExportFormat;
  readonly scope: { readonly batchId?: string; readonly programmeId?: string; readonly year?: number };
  readonly key: string;
  readonly filename: string;
  readonly contentType: string;
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
  /** Full resident IDs inside: only finance and admin may download it (X-RESIDENT-ID). */
  readonly fullIds: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

export const exportView = ({ agencyId: _a, key: _k, ...r }: ExportRecord) => r;

const KIND_ZH: Record<string, string> = { payment: '拨付', adjustment: '补拨', clawback: '追回' };

/** Column P (16th) holds the fen amount: the summary's formulas sum it. */
export const COLUMNS = (full: boolean) => [
  '明细编号',
  '批次编号',
  '类型',
  '规则',
  '单位编号',
  '单位名称',
  '拨付对象',
  '姓名',
  full ? '身份证号（完整，仅限财务、管理员）' : '身份证号（已脱敏）',
  '类别/等级',
  '补助年度',
  '年份',
  '人数',
  '标准（元）',
  '金额（元）',
  '金额（分）',
  '验收结果',
  '数据版本',
  '说明',
];
const FEN_COLUMN = 'P';

const yuanNumber = (f: number) => Number(formatYuan(f as never));

const rowOf = (l: BatchLine, full: boolean, xlsx: boolean) => [
  l.lineId,
  l.batchId,
  KIND_ZH[l.kind] ?? l.kind,
  l.ruleId,
  l.unitId,
  l.unitName,
  l.payeeZh,
  l.personName,
  full ? l.residentId : maskResidentId(l.residentId),
  l.labelZh,
  l.fundingYears > 1 ? `第${l.fundingYear}年` : '一次性',
  l.year,
  l.headCount,
  xlsx ? yuanNumber(l.rateFen) : formatYuan(l.rateFen as never),
  xlsx ? yuanNumber(l.amountFen) : formatYuan(l.amountFen as never),
  l.amountFen,
  l.acceptance ? (l.acceptance.passed ? '合格' : '不合格') : l.promotion ? '认定晋升' : '',
  l.factsVersion,
  l.explanationZh,
];

/** What an export holds: units (with their line counts and amounts) and, per unit, its lines in order. */
export interface Source {
  readonly units: readonly {
    unitId: string;
    unitName: string;
    city: string;
    payeeZh: string;
    lines: number;
    amountFen: number;
  }[];
  lines(unitId?: string): AsyncIterable<BatchLine>;
  readonly name: string;
  readonly scope: ExportRecord['scope'];
}

/**
 * Every line of the batch in key order, read one unit's key range after the other (`LINE#<idx>#`):
 * the same rows in the same order as one Query of the partition, but no page starts deep inside a
 * large partition (DynamoDB Local slows down with the depth of `ExclusiveStartKey`).
 */
async function* unitByUnit(agency: AgencyId, b: DisbursementBatch): AsyncGenerator<BatchLine> {
  for (const u of [...b.units].sort((x, y) => x.idx - y.idx)) yield* batches.lines(agency, b.batchId, u.idx);
}

const batchSource = (agency: AgencyId, b: DisbursementBatch): Source => ({
  units: b.units,
  name: `拨付批次-${b.batchId}`,
  scope: { batchId: b.batchId },
  lines: (unitId) => {
    if (unitId === undefined) return unitByUnit(agency, b);
    const unit = b.units.find((u) => u.unitId === unitId);
    return batches.lines(agency, b.batchId, unit?.idx ?? -1);
  },
});

const programmeYearSource = async (agency: AgencyId, programmeId: string, year: number): Promise<Source> => {
  const paidBatches: DisbursementBatch[] = [];
  for await (const b of batches.ofProgramme(agency, programmeId))
    if ((b.status === 'approved' || b.status === 'released') && b.years.includes(year)) paidBatches.push(b);
  const units = new Map<string, Source['units'][number]>();
  for (const b of paidBatches)
    for (const u of b.units) {
      const y = u.byYear[String(year)];
      if (!y) continue;
      const t = units.get(u.unitId) ?? {
        unitId: u.unitId,
        unitName: u.unitName,
        city: u.city,
        payeeZh: u.payeeZh,
        lines: 0,
        amountFen: 0,
      };
      units.set(u.unitId, { ...t, lines: t.lines + y.lines, amountFen: t.amountFen + y.amountFen });
    }
  return {
    units: [...units.values()].sort((a, b) => a.unitId.localeCompare(b.unitId)),
    name: `拨付-${programmeId}-${year}`,
    scope: { programmeId, year },
    async *lines(unitId) {
      for (const b of paidBatches) {
        const unit = unitId === undefined ? undefined : b.units.find((u) => u.unitId === unitId);
        if (unitId !== undefined && !unit) continue;
        for await (const l of batches.lines(agency, b.batchId, unit?.idx)) if (l.year === year) yield l;
      }
    },
  };
};

/** Excel sheet names: ≤31 characters, none of []:*?/\' and unique. */
export const sheetNames = (names: readonly string[]): string[] => {
  const used = new Set<string>(['汇总', '按地区']);
  return names.map((n) => {
    const base = (n.replace(/[[\]:*?/\\']/g, '').trim() || 'Sheet').slice(0, 28);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`.slice(0, 31);
    used.add(name);
    return name;
  });
};

export const exportChunks = (
  source: Source,
  format: ExportFormat,
  full: boolean,
  counter: { rows: number },
) => {
  const header = COLUMNS(full);
  if (format === 'csv') {
    async function* rows() {
      for await (const l of source.lines()) {
        counter.rows += 1;
        yield rowOf(l, full, false);
      }
    }
    return csvChunks(header, rows());
  }
  const units = source.units.filter((u) => u.lines > 0);
  const names = sheetNames(units.map((u) => u.unitName || u.unitId));
  const summaryRows = async function* () {
    let r = 2;
    for (const [i, u] of units.entries()) {
      const sheet = names[i] as string;
      const last = u.lines + 1;
      yield [
        u.unitId,
        u.unitName,
        u.payeeZh,
        { formula: `COUNTA('${sheet}'!A2:A${last})`, value: u.lines },
        { formula: `SUM('${sheet}'!${FEN_COLUMN}2:${FEN_COLUMN}${last})`, value: u.amountFen },
        { formula: `E${r}/100`, value: yuanNumber(u.amountFen) },
        u.city,
      ];
      r += 1;
    }
    const total = units.reduce((a, u) => a + u.amountFen, 0);
    const count = units.reduce((a, u) => a + u.lines, 0);
    yield [
      '合计',
      '',
      '',
      { formula: `SUM(D2:D${r - 1})`, value: count },
      { formula: `SUM(E2:E${r - 1})`, value: total },
      { formula: `E${r}/100`, value: yuanNumber(total) },
      '',
    ];
  };
  // Per finance bureau of the units' cities (JS-ACCEPTANCE): SUMIF over the summary's city column.
  const cities = [...new Set(units.map((u) => u.city).filter(Boolean))].sort((a, b) => a.localeCompare(b));
  const lastUnitRow = units.length + 1;
  const cityRows = function* () {
    let r = 2;
    for (const city of cities) {
      const of = units.filter((u) => u.city === city);
      const fen = of.reduce((a, u) => a + u.amountFen, 0);
      yield [
        city,
        `${city}财政部门`,
        { formula: `COUNTIF('汇总'!G2:G${lastUnitRow},A${r})`, value: of.length },
        { formula: `SUMIF('汇总'!G2:G${lastUnitRow},A${r},'汇总'!E2:E${lastUnitRow})`, value: fen },
        { formula: `D${r}/100`, value: yuanNumber(fen) },
      ];
      r += 1;
    }
    const total = units.filter((u) => u.city).reduce((a, u) => a + u.amountFen, 0);
    yield [
      '合计',
      '',
      { formula: `SUM(C2:C${r - 1})`, value: units.filter((u) => u.city).length },
      { formula: `SUM(D2:D${r - 1})`, value: total },
      { formula: `D${r}/100`, value: yuanNumber(total) },
    ];
  };
  const fenFormat = (h: string) =>
    h === '金额（元）' ? { numFmt: '#,##0.00' } : h === '金额（分）' ? { numFmt: '0' } : {};
  const money = new Set(['标准（元）', '金额（元）']);
  return xlsxChunks({
    sheets: [
      {
        name: '汇总',
        columns: ['单位编号', '单位名称', '拨付对象', '明细数', '金额（分）', '金额（元）', '所在地'].map(
          (h) => ({
            header: h,
            ...fenFormat(h),
          }),
        ),
        rows: summaryRows(),
        freezeHeader: true,
      },
      ...(cities.length > 0
        ? [
            {
              name: '按地区',
              columns: ['所在地', '财政部门', '单位数', '金额（分）', '金额（元）'].map((h) => ({
                header: h,
                ...fenFormat(h),
              })),
              rows: cityRows(),
              freezeHeader: true,
            },
          ]
        : []),
      ...units.map((u, i) => ({
        name: names[i] as string,
        columns: header.map((h) => ({
          header: h,
          ...(money.has(h) ? { numFmt: '#,##0.00' } : h === '金额（分）' ? { numFmt: '0' } : {}),
        })),
        rows: (async function* () {
          for await (const l of source.lines(u.unitId)) {
            counter.rows += 1;
            yield rowOf(l, full, true);
          }
        })(),
        freezeHeader: true,
      })),
    ],
  });
};

async function* hashed(chunks: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>) {
  for await (const c of chunks) {
    hash.update(c);
    yield c;
  }
}

const exportPk = (agency: AgencyId, exportId: string) => tenantKey(agency, 'FEXPORT', exportId);

const writeExport = async (auth: AuthContext, source: Source, format: ExportFormat, requestId: string) => {
  const agency = agencyOf(auth);
  const full = seesFullIds(auth.roles);
  const exportId = newId();
  const key = `${agency}/${exportId}.${format}`;
  const counter = { rows: 0 };
  const hash = createHash('sha256');
  let bytes: number;
  try {
    ({ bytes } = await exportStore().put(
      key,
      hashed(exportChunks(source, format, full, counter), hash),
      CONTENT_TYPES[format],
    ));
  } catch (error) {
    throw new ExportStoreError(error);
  }
  const at = nowIso();
  const record: ExportRecord = {
    exportId,
    agencyId: agency,
    format,
    scope: source.scope,
    key,
    filename: `${source.name}.${format}`,
    contentType: CONTENT_TYPES[format],
    rows: counter.rows,
    bytes,
    sha256: hash.digest('hex'),
    fullIds: full,
    createdAt: at,
    createdBy: auth.userId,
  };
  const pk = exportPk(agency, exportId);
  await transactWrite([
    {
      Put: {
        TableName: table(),
        Item: { PK: pk, SK: 'EXPORT', entityKind: 'FundingExport', ...record },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    auditPut(table(), {
      agencyId: agency,
      entityType: 'FundingExport',
      entityId: exportId,
      entityPk: pk,
      before: null,
      after: exportView(record),
      ...changeBy(auth, 'export.created', at, requestId),
    }),
  ]);
  return record;
};

export const exportBatch = async (
  auth: AuthContext,
  batchId: string,
  format: ExportFormat,
  requestId: string,
) => writeExport(auth, batchSource(agencyOf(auth), await getBatch(auth, batchId)), format, requestId);

export const exportProgrammeYear = async (
  auth: AuthContext,
  programmeId: string,
  year: number,
  format: ExportFormat,
  requestId: string,
) => {
  await programmeOf(auth, programmeId);
  return writeExport(auth, await programmeYearSource(agencyOf(auth), programmeId, year), format, requestId);
};

export const contentDisposition = contentDispositionOf;

/** Validity of a download link (the 303 of a large export). */
export const LINK_SECONDS = 300;

export type Download =
  | { readonly record: ExportRecord; readonly body: Buffer; readonly link?: undefined }
  | { readonly record: ExportRecord; readonly link: string; readonly body?: undefined };

/**
 * An export for its reader: ≤ 4 MiB inline (the file); larger, a 5-minute link (S3: presigned GET;
 * locally: the gateway's `/_local/exports` route) the API answers 303 to (P-EXPORT-SIZE).
 */
export const downloadExport = async (auth: AuthContext, exportId: string): Promise<Download> => {
  const agency = agencyOf(auth);
  const item = await getItem(exportPk(agency, exportId), 'EXPORT');
  if (!item) throw new NotFoundError('Export', exportId);
  const record = strip<ExportRecord>(item);
  if (record.fullIds && !seesFullIds(auth.roles))
    throw new ForbiddenError(
      'This export holds full resident IDs: only finance and admin download it',
      'X-RESIDENT-ID',
    );
  if (record.bytes > INLINE_LIMIT_BYTES) {
    try {
      const link = await exportStore().link(record.key, {
        filename: record.filename,
        contentType: record.contentType,
        expiresInSeconds: LINK_SECONDS,
      });
      return { record, link };
    } catch (error) {
      throw new ExportStoreError(error);
    }
  }
  const stream = await exportStore().get(record.key);
  if (!stream) throw new NotFoundError('Export file', exportId);
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(Buffer.from(c));
  return { record, body: Buffer.concat(parts) };
};
