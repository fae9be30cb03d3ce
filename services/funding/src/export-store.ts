/**
 * Where exports are written: streamed in, never held whole in memory. Two adapters: a directory
 * (EXPORT_DIR, local runs and tests) and S3 (EXPORT_BUCKET, on AWS: multipart upload with
 * @aws-sdk/lib-storage). `exportStore()` picks one from the environment.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ExportStore {
  put(key: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<{ bytes: number }>;
  get(key: string): AsyncIterable<Uint8Array> | undefined | Promise<AsyncIterable<Uint8Array> | undefined>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,300}$/;
const checked = (key: string) => {
  if (!KEY.test(key) || key.includes('..')) throw new Error('invalid export key');
  return key;
};

async function* counted(chunks: AsyncIterable<Uint8Array>, total: { bytes: number }) {
  for await (const c of chunks) {
    total.bytes += c.byteLength;
    yield c;
  }
}

export class DirectoryExportStore implements ExportStore {
  constructor(private readonly root: string) {}

  async put(
    key: string,
    chunks: AsyncIterable<Uint8Array>,
    _contentType?: string,
  ): Promise<{ bytes: number }> {
    const path = join(this.root, checked(key));
    await mkdir(dirname(path), { recursive: true });
    const total = { bytes: 0 };
    await pipeline(Readable.from(counted(chunks, total)), createWriteStream(path));
    return total;
  }

  get(key: string): AsyncIterable<Uint8Array> | undefined {
    const path = join(this.root, checked(key));
    return existsSync(path) ? createReadStream(path) : undefined;
  }
}

/** The few members of the AWS SDK the adapter uses (loaded at run time: see README, dependencies). */
export interface S3Modules {
  client: { send(command: unknown): Promise<{ Body?: unknown }> };
  GetObjectCommand: new (input: Record<string, unknown>) => unknown;
  Upload: new (input: {
    client: unknown;
    params: Record<string, unknown>;
    queueSize?: number;
    partSize?: number;
  }) => { done(): Promise<unknown> };
}

/**
 * S3: a multipart `Upload` of the stream (5 MiB parts, 2 in flight: memory stays flat), and a
 * streamed `GetObject`. Needs @aws-sdk/client-s3 and @aws-sdk/lib-storage, loaded on first use.
 */
export class S3ExportStore implements ExportStore {
  private modules?: Promise<S3Modules>;

  /** `modules` replaces the AWS SDK (tests). */
  constructor(
    private readonly bucket: string,
    modules?: () => Promise<S3Modules>,
  ) {
    if (modules) this.modules = modules();
  }

  private load(): Promise<S3Modules> {
    this.modules ??= (async () => {
      const s3Name = '@aws-sdk/client-s3';
      const storageName = '@aws-sdk/lib-storage';
      const s3 = (await import(s3Name)) as {
        S3Client: new (c: Record<string, unknown>) => S3Modules['client'];
        GetObjectCommand: S3Modules['GetObjectCommand'];
      };
      const storage = (await import(storageName)) as { Upload: S3Modules['Upload'] };
      return { client: new s3.S3Client({}), GetObjectCommand: s3.GetObjectCommand, Upload: storage.Upload };
    })();
    return this.modules;
  }

  async put(key: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<{ bytes: number }> {
    const { client, Upload } = await this.load();
    const total = { bytes: 0 };
    await new Upload({
      client,
      params: {
        Bucket: this.bucket,
        Key: checked(key),
        Body: Readable.from(counted(chunks, total)),
        ContentType: contentType,
        ServerSideEncryption: 'aws:kms',
      },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
    }).done();
    return total;
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const { client, GetObjectCommand } = await this.load();
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checked(key) }));
      return out.Body as AsyncIterable<Uint8Array> | undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}

let store: ExportStore | undefined;

/** EXPORT_BUCKET → S3; otherwise EXPORT_DIR (default: <tmp>/talent-exports). */
export const exportStore = (): ExportStore => {
  if (!store) {
    const bucket = process.env.EXPORT_BUCKET;
    store = bucket
      ? new S3ExportStore(bucket)
      : new DirectoryExportStore(process.env.EXPORT_DIR || join(tmpdir(), 'talent-exports'));
  }
  return store;
};

export const setExportStore = (next: ExportStore | undefined): void => {
  store = next;
};
