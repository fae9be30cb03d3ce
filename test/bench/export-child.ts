/**
 * One export measurement in a process of its own, so its peak RSS is the export's alone
 * (`npm run bench` spawns it; see exports.ts). Modes:
 * - `raw`: plain DynamoDB Queries (DocumentClient, consistent, page after page) of the batch's lines,
 *   with the export's key conditions (one unit's key range after the other);
 * - `csv` / `xlsx`: `POST /batches/{batchId}/exports` through the funding API handler in process,
 *   which streams the lines through the writer into a directory export store.
 * Prints one JSON line: { mode, rows, ms, bytes, rssBeforeMB, peakRssMB }.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getDocumentClient, mainTableName } from '@talent/data';
import { apiEvent, lambdaContext, parseResponse } from '../support/api-event';

const [mode, agency, batchId, unitsArg] = process.argv.slice(2) as [string, string, string, string];
const units = Number(unitsArg);

const { handler } = await import('../../services/funding/src/handlers/api');
const rssBeforeMB = process.memoryUsage().rss / 1024 / 1024;

let rows = 0;
let bytes = 0;
const started = performance.now();
if (mode === 'raw') {
  // The export's key conditions: each unit's range `LINE#<idx:4>#` in turn, consistent, page by page.
  for (let idx = 0; idx < units; idx++) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await getDocumentClient().send(
        new QueryCommand({
          TableName: mainTableName(),
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': `A#${agency}#FBATCH#${batchId}`,
            ':prefix': `LINE#${String(idx).padStart(4, '0')}#`,
          },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      rows += out.Items?.length ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
  }
} else {
  const r = parseResponse(
    await handler(
      apiEvent({
        method: 'POST',
        route: '/batches/{batchId}/exports',
        pathParameters: { batchId },
        body: { format: mode },
        caller: { agency, roles: ['finance'], user: 'bench-finance' },
      }),
      lambdaContext('funding'),
    ),
  );
  if (r.status !== 201) throw new Error(`export answered ${r.status}: ${JSON.stringify(r.body)}`);
  rows = (r.body as { rows: number }).rows;
  bytes = (r.body as { bytes: number }).bytes;
}
const ms = performance.now() - started;
// maxRSS is in kilobytes (Linux, macOS): the peak of this process's whole life.
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ mode, rows, ms, bytes, rssBeforeMB, peakRssMB }));
process.exit(0);
