import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { nowIso } from '@talent/kernel';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DirectoryExportStore,
  LOCAL_EXPORT_PATH,
  S3ExportStore,
  signExportLink,
} from '../../src/export-store';

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

  it('signs local download links with an expiry on the domain clock', async () => {
    const store = new DirectoryExportStore(mkdtempSync(join(tmpdir(), 'store-')), 'secret-of-16-chars');
    const link = new URL(
      await store.link('jiangsu/a.csv', { filename: 'a.csv', contentType: 'text/csv' }),
      'http://x',
    );
    expect(link.pathname).toBe(LOCAL_EXPORT_PATH);
    const expires = Number(link.searchParams.get('expires'));
    expect(expires - Math.floor(Date.parse(nowIso()) / 1000)).toBe(300);
    expect(link.searchParams.get('filename')).toBe('a.csv');
    expect(link.searchParams.get('signature')).toBe(
      signExportLink('secret-of-16-chars', 'jiangsu/a.csv', expires, 'a.csv'),
    );
    await expect(store.link('../etc/passwd', { filename: 'x', contentType: 'x' })).rejects.toThrow();
  });
});

describe('S3 export store (aws-sdk-client-mock)', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());
  const client = () =>
    new S3Client({
      region: 'cn-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    });

  it('uploads a streamed body of 12 MiB as a multipart upload of 5 MiB parts, encrypted by the bucket default', async () => {
    const received: Buffer[] = [];
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCommand).callsFake(async (input: { Body: Uint8Array; PartNumber: number }) => {
      received[input.PartNumber - 1] = Buffer.from(input.Body);
      return { ETag: `"e${input.PartNumber}"` };
    });
    s3.on(CompleteMultipartUploadCommand).resolves({ Location: 'x' });
    const MiB = 1024 * 1024;
    async function* big() {
      for (let i = 0; i < 12 * 16; i++) yield Buffer.alloc(MiB / 16, i % 251);
    }
    const store = new S3ExportStore('exports-bucket', client());
    const { bytes } = await store.put('jiangsu/b.csv', big(), 'text/csv; charset=utf-8');
    expect(bytes).toBe(12 * MiB);
    const create = s3.commandCalls(CreateMultipartUploadCommand)[0]?.args[0].input;
    expect(create).toMatchObject({
      Bucket: 'exports-bucket',
      Key: 'jiangsu/b.csv',
      ContentType: 'text/csv; charset=utf-8',
    });
    // `aws:kms` without a key id would mean the AWS managed key: the bucket's default (data key) applies
    expect(create?.ServerSideEncryption).toBeUndefined();
    expect(received.map((b) => b.length)).toEqual([5 * MiB, 5 * MiB, 2 * MiB]);
    expect(Buffer.concat(received).subarray(MiB / 16, MiB / 16 + 1)[0]).toBe(1);
    const complete = s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input;
    expect(complete?.UploadId).toBe('up-1');
    expect(complete?.MultipartUpload?.Parts?.map((p) => p.PartNumber)).toEqual([1, 2, 3]);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('aborts the multipart upload when a part fails', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-2' });
    s3.on(UploadPartCommand).rejects(new Error('boom'));
    s3.on(AbortMultipartUploadCommand).resolves({});
    async function* big() {
      for (let i = 0; i < 12; i++) yield Buffer.alloc(1024 * 1024);
    }
    await expect(new S3ExportStore('b', client()).put('jiangsu/c.csv', big(), 'text/csv')).rejects.toThrow();
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input.UploadId).toBe('up-2');
  });

  it('streams GetObject, answers undefined for a missing key, and presigns a 5-minute GET with the file name', async () => {
    s3.on(GetObjectCommand, { Bucket: 'exports-bkt', Key: 'jiangsu/b.xlsx' }).resolves({
      // the SDK's Body is a Node Readable (with helpers the adapter does not use)
      Body: Readable.from([Buffer.from('行0\n'), Buffer.from('行1\n')]) as never,
    });
    s3.on(GetObjectCommand, { Bucket: 'exports-bkt', Key: 'missing' }).rejects(
      Object.assign(new Error('no'), { name: 'NoSuchKey' }),
    );
    const store = new S3ExportStore('exports-bkt', client());
    expect(await collect((await store.get('jiangsu/b.xlsx')) as AsyncIterable<Uint8Array>)).toBe(
      '行0\n行1\n',
    );
    expect(await store.get('missing')).toBeUndefined();
    const url = new URL(
      await store.link('jiangsu/b.xlsx', { filename: '拨付明细.xlsx', contentType: 'application/x' }),
    );
    expect(url.hostname).toBe('exports-bkt.s3.cn-north-1.amazonaws.com.cn');
    expect(url.pathname).toBe('/jiangsu/b.xlsx');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('response-content-disposition')).toContain(
      "filename*=UTF-8''%E6%8B%A8%E4%BB%98%E6%98%8E%E7%BB%86.xlsx",
    );
    expect(url.searchParams.get('response-content-type')).toBe('application/x');
  });
});
