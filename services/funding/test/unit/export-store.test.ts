import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryExportStore, S3ExportStore, type S3Modules } from '../../src/export-store';

async function* chunks(n: number) {
  for (let i = 0; i < n; i++) yield new TextEncoder().encode(`行${i}\n`);
}
const collect = async (it: AsyncIterable<Uint8Array>) => {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString('utf8');
};

describe('export stores', () => {
  it('writes a stream to a directory and reads it back; refuses keys that leave it', async () => {
    const store = new DirectoryExportStore(mkdtempSync(join(tmpdir(), 'store-')));
    const { bytes } = await store.put('jiangsu/a.csv', chunks(1000), 'text/csv');
    const text = await collect(store.get('jiangsu/a.csv') as AsyncIterable<Uint8Array>);
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(text.split('\n')[999]).toBe('行999');
    expect(store.get('jiangsu/none.csv')).toBeUndefined();
    await expect(store.put('../x', chunks(1), 'text/csv')).rejects.toThrow();
  });

  it('uploads to S3 as a stream with the content type and KMS encryption, and streams GetObject', async () => {
    const uploads: Record<string, unknown>[] = [];
    let body = '';
    const modules: S3Modules = {
      client: {
        send: async (command: unknown) => {
          const input = (command as { input: Record<string, unknown> }).input;
          if (input.Key === 'missing') throw Object.assign(new Error('no'), { name: 'NoSuchKey' });
          return { Body: chunks(2) };
        },
      },
      GetObjectCommand: class {
        constructor(readonly input: Record<string, unknown>) {}
      },
      Upload: class {
        constructor(private readonly input: { params: Record<string, unknown>; partSize?: number }) {}
        async done() {
          uploads.push({ ...this.input.params, Body: undefined, partSize: this.input.partSize });
          body = await collect(this.input.params.Body as AsyncIterable<Uint8Array>);
          return {};
        }
      },
    };
    const store = new S3ExportStore('bucket', async () => modules);
    const { bytes } = await store.put('jiangsu/b.xlsx', chunks(10), 'application/x');
    expect(uploads[0]).toMatchObject({
      Bucket: 'bucket',
      Key: 'jiangsu/b.xlsx',
      ContentType: 'application/x',
      ServerSideEncryption: 'aws:kms',
      partSize: 5 * 1024 * 1024,
    });
    expect(Buffer.byteLength(body)).toBe(bytes);
    expect(await collect((await store.get('jiangsu/b.xlsx')) as AsyncIterable<Uint8Array>)).toBe(
      '行0\n行1\n',
    );
    expect(await store.get('missing')).toBeUndefined();
  });
});
