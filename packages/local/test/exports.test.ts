import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DirectoryExportStore } from '../../../services/funding/src/export-store';
import { localDocumentClient } from '../src/aws';
import { buildHandlerEnvironment } from '../src/env';
import { EXPORTS_PATH, exportsRouteHandler } from '../src/export-route';
import { type LocalStack, startLocalStack, synthesizeTemplates } from '../src/stack';
import { readFunctions, type Templates } from '../src/template';
import { captureLogger, send, tempDir } from './helpers';

const request = (url: string, method = 'GET') => ({ method, url }) as IncomingMessage;

describe('exports on the local stack', () => {
  let templates: Templates;
  beforeAll(async () => {
    templates = await synthesizeTemplates();
  }, 60_000);

  it('gives the function that has EXPORT_BUCKET on AWS (funding) EXPORT_DIR under the data dir instead', () => {
    const env = buildHandlerEnvironment({
      templates,
      dynamoEndpoint: 'http://x',
      piiHashKey: 'k'.repeat(32),
      exportDir: '/data/exports',
      exportLinkKey: 'l'.repeat(64),
    });
    const funding = [...readFunctions(templates)].find(([, fn]) => fn.service === 'funding');
    expect(funding).toBeDefined();
    expect(env.perFunction.get(funding?.[0] as string)).toMatchObject({ EXPORT_DIR: '/data/exports' });
    expect(env.common).not.toHaveProperty('EXPORT_BUCKET');
    expect(env.common).not.toHaveProperty('EXPORT_DIR');
    expect(env.common.EXPORT_LINK_KEY).toBe('l'.repeat(64));
    for (const [, vars] of env.perFunction) expect(vars).not.toHaveProperty('EXPORT_BUCKET');
    expect(env.warnings).toEqual([]);
  });

  it('serves a signed, unexpired link of DirectoryExportStore from the export dir, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-exports-'));
    mkdirSync(join(dir, 'jiangsu'));
    writeFileSync(join(dir, 'jiangsu', 'e1.csv'), '\ufeff明细编号\r\n1\r\n');
    const secret = 's'.repeat(64);
    let now = Date.now();
    const route = exportsRouteHandler({ dir, now: () => now, secret: () => secret });
    const link = await new DirectoryExportStore(dir, secret).link('jiangsu/e1.csv', {
      filename: '拨付明细.csv',
      contentType: 'text/csv',
    });
    expect(link.startsWith(`${EXPORTS_PATH}?`)).toBe(true);
    const ok = await route(request(link), Buffer.alloc(0));
    expect(ok.status).toBe(200);
    expect(ok.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(ok.headers?.['content-disposition']).toContain("filename*=UTF-8''%E6%8B%A8");
    expect(Buffer.from(ok.body as Buffer).toString('utf8')).toContain('明细编号');

    const url = new URL(link, 'http://local');
    const tampered = new URL(url);
    tampered.searchParams.set('key', 'jiangsu/e2.csv');
    expect((await route(request(tampered.pathname + tampered.search), Buffer.alloc(0))).status).toBe(403);
    const renamed = new URL(url);
    renamed.searchParams.set('filename', 'other.csv');
    expect((await route(request(renamed.pathname + renamed.search), Buffer.alloc(0))).status).toBe(403);
    const outside = new URL(url);
    outside.searchParams.set('key', '../etc/passwd');
    expect((await route(request(outside.pathname + outside.search), Buffer.alloc(0))).status).toBe(400);
    expect((await route(request(link, 'POST'), Buffer.alloc(0))).status).toBe(405);
    expect((await route(request(EXPORTS_PATH), Buffer.alloc(0))).status).toBe(400);

    const missing = await new DirectoryExportStore(dir, secret).link('jiangsu/none.csv', {
      filename: 'x.csv',
      contentType: 'text/csv',
    });
    expect((await route(request(missing), Buffer.alloc(0))).status).toBe(404);

    now += 301_000; // past the 5 minutes
    expect((await route(request(link), Buffer.alloc(0))).status).toBe(403);
  });

  describe('through the running local stack', () => {
    let stack: LocalStack;
    beforeAll(async () => {
      stack = await startLocalStack({
        port: 0,
        dataDir: tempDir('exports'),
        dynamoEndpoint: inject('dynamoEndpoint'),
        templates,
        logger: captureLogger().logger,
        seed: false,
      });
    }, 60_000);
    afterAll(() => stack?.stop());

    it('answers 303 for an export over 4 MiB and serves the link from the funding EXPORT_DIR under the data dir', async () => {
      const exportId = `big-${Date.now()}`;
      const bytes = Buffer.alloc(4 * 1024 * 1024 + 1, 0x41);
      mkdirSync(join(stack.dataDir, 'exports', 'jiangsu'), { recursive: true });
      writeFileSync(join(stack.dataDir, 'exports', 'jiangsu', `${exportId}.csv`), bytes);
      const doc = localDocumentClient(stack.dynamoEndpoint);
      await doc.send(
        new PutCommand({
          TableName: 'MainTable',
          Item: {
            PK: `A#jiangsu#FEXPORT#${exportId}`,
            SK: 'EXPORT',
            exportId,
            agencyId: 'jiangsu',
            format: 'csv',
            key: `jiangsu/${exportId}.csv`,
            filename: '拨付批次.csv',
            contentType: 'text/csv; charset=utf-8',
            rows: 1,
            bytes: bytes.length,
            sha256: '0',
            fullIds: false,
          },
        }),
      );
      doc.destroy();
      const token = await stack.issueToken({ agency: 'jiangsu', roles: ['finance'] });
      const r = await send(stack.url, 'GET', `/exports/${exportId}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status, r.text).toBe(303);
      const location = r.headers.location as string;
      expect(location.startsWith(`${EXPORTS_PATH}?`)).toBe(true);
      const file = await send(stack.url, 'GET', location);
      expect(file.status).toBe(200);
      expect(file.body.length).toBe(bytes.length);
      expect(file.headers['content-disposition']).toContain("filename*=UTF-8''%E6%8B%A8");
      await stack.clock.advance(301_000);
      expect((await send(stack.url, 'GET', location)).status).toBe(403);
    });
  });
});
