import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  createTablesFromTemplate,
  localDocumentClient,
  localDynamoClient,
  startDynamoDbLocal,
  templateFromTableDefinitions,
} from '@talent/local';
import { repoRoot } from '../../infra/src/paths';
import { mainTable } from '../../packages/data/src/tables';
import { runConcurrently } from './stats';

const run = promisify(execFile);

export interface ExportMeasure {
  readonly mode: 'raw' | 'csv' | 'xlsx';
  readonly rows: number;
  readonly ms: number;
  readonly bytes: number;
  readonly rssBeforeMB: number;
  readonly peakRssMB: number;
  readonly perSecond: number;
}

const AGENCY = 'jiangsu';
const PK = (batchId: string) => `A#${AGENCY}#FBATCH#${batchId}`;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** A realistic line (the shape BatchRepository writes): ~1 KB with the Chinese explanation. */
const lineItem = (batchId: string, unitIdx: number, seq: number) => {
  const unitId = `tu-${pad(unitIdx, 3)}`;
  const clawback = seq % 50 === 0;
  const amountFen = clawback ? -1_000_000 : 1_000_000;
  return {
    PK: PK(batchId),
    SK: `LINE#${pad(unitIdx, 4)}#${pad(seq, 6)}`,
    entityKind: 'DisbursementLine',
    GSI1PK: `A#${AGENCY}#FUNITLINES#${unitId}`,
    GSI1SK: `c-bench#${batchId}#${pad(seq, 6)}`,
    lineId: `${batchId}-${pad(seq, 6)}`,
    batchId,
    cycleId: 'c-bench',
    programmeId: 'jiangsu-excellent-technicians',
    seq,
    unitIdx,
    subjectKey: `JS:t${seq}:1`,
    ruleId: clawback ? 'JS-ACCEPTANCE' : 'JS-SUBSIDY',
    ruleIds: ['JS-SUBSIDY', 'JS-ACCEPTANCE'],
    fundingKey: 'A',
    labelZh: 'A类',
    fundingYear: 1,
    fundingYears: 2,
    year: 2026,
    unitId,
    unitName: `第${unitIdx}技师学院`,
    city: '南京市',
    payeeZh: '南京市财政部门（拨付至承训单位）',
    personName: '张三丰',
    residentId: `1101051980${pad((seq % 12) + 1, 2)}${pad((seq % 28) + 1, 2)}0011`,
    nominationId: `n-${seq}`,
    sourceId: `t${seq}`,
    rateFen: 1_000_000,
    entitledFen: clawback ? 0 : 1_000_000,
    acceptance: { passed: !clawback, final: true, grade: clawback ? '不合格' : '合格' },
    factsVersion: clawback ? 2 : 1,
    kind: clawback ? 'clawback' : 'payment',
    headCount: clawback ? -1 : 1,
    paidBeforeFen: clawback ? 1_000_000 : 0,
    amountFen,
    explanationZh: clawback
      ? 'A类 验收不合格，应拨 0.00元，已拨 10,000.00元，追回 10,000.00元（JS-ACCEPTANCE，第1年，更正）'
      : 'A类 1名 × 10,000.00元 = 10,000.00元（JS-SUBSIDY，第1年，验收合格）',
  };
};

/**
 * A batch of `lines` lines over `units` units written straight into DynamoDB Local (the header
 * as BatchRepository writes it), then, each in a fresh child process: a raw Query of the lines,
 * the CSV export and the XLSX export through the funding API handler.
 */
export const measureExports = async (lines: number, units: number): Promise<ExportMeasure[]> => {
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  const exportDir = mkdtempSync(join(tmpdir(), 'talent-bench-exports-'));
  try {
    const client = localDynamoClient(dynamo.endpoint);
    await createTablesFromTemplate(templateFromTableDefinitions([mainTable]), client);
    client.destroy();
    const doc = localDocumentClient(dynamo.endpoint);
    const batchId = `bench-${randomUUID().slice(0, 8)}`;
    const perUnit = Math.ceil(lines / units);
    const all = Array.from({ length: lines }, (_, i) => ({ unitIdx: Math.floor(i / perUnit), seq: i + 1 }));
    const groups = Math.ceil(all.length / 25);
    await runConcurrently(groups, 16, async (g) => {
      let requests = all
        .slice(g * 25, g * 25 + 25)
        .map(({ unitIdx, seq }) => ({ PutRequest: { Item: lineItem(batchId, unitIdx, seq) } }));
      while (requests.length > 0) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { MainTable: requests } }));
        requests = (out.UnprocessedItems?.MainTable ?? []) as typeof requests;
      }
    });
    const unitTotals = Array.from({ length: units }, (_, idx) => {
      const of = all.filter((l) => l.unitIdx === idx);
      const amountFen = of.reduce((a, l) => a + (l.seq % 50 === 0 ? -1_000_000 : 1_000_000), 0);
      return {
        idx,
        unitId: `tu-${pad(idx, 3)}`,
        unitName: `第${idx}技师学院`,
        city: '南京市',
        payeeZh: '南京市财政部门（拨付至承训单位）',
        lines: of.length,
        amountFen,
        byYear: { '2026': { lines: of.length, amountFen } },
      };
    });
    const totalFen = unitTotals.reduce((a, u) => a + u.amountFen, 0);
    const at = new Date().toISOString();
    await doc.send(
      new PutCommand({
        TableName: 'MainTable',
        Item: {
          PK: PK(batchId),
          SK: 'BATCH',
          entityKind: 'DisbursementBatch',
          GSI1PK: `A#${AGENCY}#FBATCHES#c-bench`,
          GSI1SK: `${at}#${batchId}`,
          GSI2PK: `A#${AGENCY}#FPROGBATCHES#jiangsu-excellent-technicians`,
          GSI2SK: `${at}#${batchId}`,
          agencyId: AGENCY,
          batchId,
          cycleId: 'c-bench',
          programmeId: 'jiangsu-excellent-technicians',
          programmeVersion: 1,
          basis: 'passed-acceptance',
          ledgerScope: 'cycle:c-bench',
          ledgerBasis: 0,
          status: 'approved',
          years: [2026],
          byYear: [{ year: 2026, amountFen: totalFen }],
          byCity: [],
          totalFen,
          lineCount: lines,
          headCount: lines,
          kinds: {},
          units: unitTotals,
          factsVersion: 2,
          createdAt: at,
          createdBy: 'bench',
          version: 3,
          updatedAt: at,
          updatedBy: 'bench',
        },
      }),
    );
    doc.destroy();

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: 'MainTable',
      PII_HASH_KEY: 'bench-pii-hash-key-0123456789abcdef',
      EXPORT_DIR: exportDir,
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
    delete env.EXPORT_BUCKET;
    const child = async (mode: ExportMeasure['mode']): Promise<ExportMeasure> => {
      const { stdout } = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repoRoot, 'test/bench/export-child.ts'),
          mode,
          AGENCY,
          batchId,
          String(units),
        ],
        { cwd: repoRoot, env, maxBuffer: 1 << 20 },
      );
      const m = JSON.parse(stdout.trim().split('\n').pop() as string) as Omit<ExportMeasure, 'perSecond'>;
      if (m.rows !== lines) throw new Error(`${mode}: ${m.rows} rows, expected ${lines}`);
      return { ...m, perSecond: (m.rows / m.ms) * 1000 };
    };
    // The raw Query brackets the exports (before and after): its mean is the baseline.
    const out: ExportMeasure[] = [];
    for (const mode of ['raw', 'csv', 'xlsx', 'raw'] as const) out.push(await child(mode));
    return out;
  } finally {
    await dynamo.stop();
    rmSync(exportDir, { recursive: true, force: true });
  }
};
