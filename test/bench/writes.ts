import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { localDocumentClient, startLocalStack } from '@talent/local';
import { jiangsuCycle } from '../support/cycles';
import { jiangsuNomination } from '../support/samples';
import { percentile, runConcurrently } from './stats';

export interface WriteMeasure {
  readonly label: string;
  readonly count: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * `POST /nominations` through the local gateway against raw DynamoDB Local work on the same
 * items (a read of the cycle, then the nomination, the person's uniqueness claim and the audit
 * record in one transaction), same concurrency, same DynamoDB Local, alternating rounds.
 */
export const measureWrites = async (
  count: number,
  concurrency: number,
  rounds: number,
): Promise<WriteMeasure[]> => {
  const stack = await startLocalStack({
    port: 0,
    inMemory: true,
    dataDir: mkdtempSync(join(tmpdir(), 'talent-bench-')),
    quiet: true,
    logRequests: false,
  });
  const token = await stack.issueToken({ agency: 'jiangsu', roles: ['admin'] });
  const client = localDocumentClient(stack.dynamoEndpoint);
  const measures: WriteMeasure[] = [];
  try {
    const api = async () => {
      const cycleId = `bench-${randomUUID().slice(0, 8)}`;
      const opened = await fetch(`${stack.url}/cycles`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(jiangsuCycle(cycleId)),
      });
      if (opened.status !== 201) throw new Error(`POST /cycles answered ${opened.status}`);
      const { latencies, wallMs } = await runConcurrently(count, concurrency, async () => {
        const r = await fetch(`${stack.url}/nominations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(jiangsuNomination(cycleId, { unitId: 'unit-bench' })),
        });
        if (r.status !== 201) throw new Error(`POST /nominations answered ${r.status}: ${await r.text()}`);
        await r.arrayBuffer();
      });
      return { label: 'API POST /nominations', latencies, wallMs };
    };
    const raw = async () => {
      const cycleId = `bench-${randomUUID().slice(0, 8)}`;
      const { latencies, wallMs } = await runConcurrently(count, concurrency, async (i) => {
        const id = randomUUID();
        // The API reads the nomination's cycle (programme version, year, selection date) first.
        await client.send(
          new GetCommand({ TableName: 'MainTable', Key: { PK: `A#jiangsu#CYCLE#${cycleId}`, SK: 'CYCLE' } }),
        );
        const item = {
          ...jiangsuNomination(cycleId, { unitId: 'unit-bench' }),
          nominationId: id,
          status: 'draft',
          version: 1,
        };
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: 'MainTable',
                  Item: {
                    PK: `A#jiangsu#NOM#${id}`,
                    SK: 'NOMINATION',
                    GSI1PK: `A#jiangsu#CYCLE#${cycleId}`,
                    GSI1SK: `NOM#A#draft#${id}`,
                    ...item,
                  },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: 'MainTable',
                  Item: { PK: `A#jiangsu#PERSON#raw-${id}`, SK: `CYCLE#${cycleId}`, nominationId: id },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: 'MainTable',
                  Item: {
                    PK: `A#jiangsu#NOM#${id}`,
                    SK: `AUDIT#${new Date().toISOString()}#${i}`,
                    after: item,
                  },
                },
              },
            ],
          }),
        );
      });
      return { label: 'raw DynamoDB GetItem + TransactWrite (same items)', latencies, wallMs };
    };
    // Warm-up (JIT, connection pools, table pages), then alternate to share the machine's noise.
    await api();
    await raw();
    const results = new Map<string, { latencies: number[]; wallMs: number; n: number }>();
    for (let r = 0; r < rounds; r++) {
      for (const run of [raw, api]) {
        const out = await run();
        const acc = results.get(out.label) ?? { latencies: [], wallMs: 0, n: 0 };
        acc.latencies.push(...out.latencies);
        acc.wallMs += out.wallMs;
        acc.n += count;
        results.set(out.label, acc);
      }
    }
    for (const [label, acc] of results) {
      measures.push({
        label,
        count: acc.n,
        perSecond: (acc.n / acc.wallMs) * 1000,
        p50: percentile(acc.latencies, 50),
        p99: percentile(acc.latencies, 99),
      });
    }
  } finally {
    client.destroy();
    await stack.stop();
  }
  return measures;
};
