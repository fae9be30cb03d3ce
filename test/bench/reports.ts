import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  createTablesFromTemplate,
  localDynamoClient,
  startDynamoDbLocal,
  templateFromTableDefinitions,
} from '@talent/local';
import { services } from '../../infra/src/manifest';
import { repoRoot } from '../../infra/src/paths';
import { API_FUNCTION_TIMEOUT, DEFAULT_MEMORY_MB } from '../../infra/src/service-function';
import { mainTable } from '../../packages/data/src/tables';

const run = promisify(execFile);

export type ReportMode =
  | 'seed'
  | 'raw-kpi'
  | 'raw-summary'
  | 'kpis-json'
  | 'kpis-xlsx'
  | 'summary-json'
  | 'summary-xlsx';

export interface ReportMeasure {
  readonly mode: ReportMode;
  readonly ms: number;
  readonly items: number;
  /** Response body bytes as the handler returns it (base64 for XLSX). */
  readonly bytes: number;
  readonly requests: number;
  readonly byCommand: Record<string, number>;
  readonly rssBeforeMB: number;
  readonly peakRssMB: number;
}

export interface ReportRun {
  readonly seed: ReportMeasure;
  readonly measures: ReportMeasure[];
  readonly limits: {
    readonly timeoutSeconds: number;
    readonly memoryMB: number;
    readonly responseBytes: number;
  };
}

/** The reporting function's Lambda limits: the manifest's, else infra's defaults; 6 MB response. */
export const reportingLimits = () => {
  const def = services.find((s) => s.name === 'reporting');
  return {
    timeoutSeconds: def?.timeoutSeconds ?? API_FUNCTION_TIMEOUT.toSeconds(),
    memoryMB: def?.memorySize ?? DEFAULT_MEMORY_MB,
    responseBytes: 6 * 1024 * 1024,
  };
};

/**
 * A province-sized Jiangsu cycle (issue 7): `nominations` nominations, `trainees` of them official
 * and enrolled as trainees of `units` training units with final grades, seeded by a child process
 * (report-child.ts `seed`), then, each in a fresh child process against the same DynamoDB Local:
 * the raw Queries (baselines, before and after) and the KPI report and selection summary through
 * the reporting API handler, JSON and XLSX.
 */
export const measureReports = async (
  nominations: number,
  trainees: number,
  units: number,
): Promise<ReportRun> => {
  const dynamo = await startDynamoDbLocal({ inMemory: true });
  try {
    const client = localDynamoClient(dynamo.endpoint);
    await createTablesFromTemplate(templateFromTableDefinitions([mainTable]), client);
    client.destroy();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: 'local',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TABLE_NAME: 'MainTable',
      PII_HASH_KEY: 'bench-pii-hash-key-0123456789abcdef',
      POWERTOOLS_LOG_LEVEL: 'WARN',
    };
    const cycleId = `c-bench-${randomUUID().slice(0, 8)}`;
    const child = async (mode: ReportMode, ...args: string[]): Promise<ReportMeasure> => {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'test/bench/report-child.ts'), mode, cycleId, ...args],
        { cwd: repoRoot, env, maxBuffer: 1 << 24 },
      );
      return JSON.parse(stdout.trim().split('\n').pop() as string) as ReportMeasure;
    };
    const seed = await child('seed', String(nominations), String(trainees), String(units));
    const measures: ReportMeasure[] = [];
    for (const mode of [
      'raw-kpi',
      'raw-summary',
      'kpis-json',
      'kpis-xlsx',
      'summary-json',
      'summary-xlsx',
      'raw-kpi',
      'raw-summary',
    ] as const) {
      measures.push(await child(mode));
    }
    return { seed, measures, limits: reportingLimits() };
  } finally {
    await dynamo.stop();
  }
};
