/**
 * Where exports are written: streamed in, never held whole in memory. Two adapters: a directory
 * (EXPORT_DIR, local runs and tests) and S3 (EXPORT_BUCKET, on AWS: multipart upload with
 * @aws-sdk/lib-storage, presigned GET links). `exportStore()` picks one from the environment.
 */
import { createHmac } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { nowIso } from '@talent/kernel';

export interface ExportStore {
  put(key: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<{ bytes: number }>;
  get(key: string): AsyncIterable<Uint8Array> | undefined | Promise<AsyncIterable<Uint8Array> | undefined>;
  /** A short-lived download link for the object (S3: presigned GET; locally: the gateway's route). */
  link(key: string, options: LinkOptions): Promise<string>;
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
  /** `linkSecret`: the HMAC key of local links (default EXPORT_LINK_KEY, then PII_HASH_KEY). */
  constructor(
    private readonly root: string,
    private readonly linkSecret?: string,
  ) {}

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

  async link(key: string, options: LinkOptions): Promise<string> {
    const secret = this.linkSecret ?? (process.env.EXPORT_LINK_KEY || process.env.PII_HASH_KEY);
    if (!secret) throw new Error('EXPORT_LINK_KEY is not set: no local download links');
    const expires =
      Math.floor(Date.parse(nowIso()) / 1000) + (options.expiresInSeconds ?? DEFAULT_LINK_SECONDS);
    const query = new URLSearchParams({
      key: checked(key),
      filename: options.filename,
      expires: String(expires),
      signature: signExportLink(secret, key, expires, options.filename),
    });
    return `${LOCAL_EXPORT_PATH}?${query.toString()}`;
  }
}

/** A short-lived link to download an export (the API answers 303 to it when it is too large inline). */
export interface LinkOptions {
  readonly filename: string;
  readonly contentType: string;
  /** Validity (default 300 s). */
  readonly expiresInSeconds?: number;
}

/**
 * Local download links (`DirectoryExportStore`): the local gateway serves
 * `GET /_local/exports?key=<key>&filename=<name>&expires=<epoch s>&signature=<hex>` from EXPORT_DIR.
 * The signature is HMAC-SHA256 over `<key>\n<expires>\n<filename>` with EXPORT_LINK_KEY (the local
 * stack sets it; the same format is checked in packages/local/src/export-route.ts); expiry on the
 * domain clock (the local virtual clock). Without EXPORT_LINK_KEY (tests) PII_HASH_KEY signs.
 */
export const LOCAL_EXPORT_PATH = '/_local/exports';
export const signExportLink = (secret: string, key: string, expires: number, filename: string) =>
  createHmac('sha256', secret).update(`${key}\n${expires}\n${filename}`).digest('hex');

const DEFAULT_LINK_SECONDS = 300;

/** The S3 client and commands (loaded on first use: `import()` with literal specifiers, bundled by esbuild). */
type S3Sdk = typeof import('@aws-sdk/client-s3');
type S3Client = InstanceType<S3Sdk['S3Client']>;

/**
 * S3: a multipart `Upload` of the stream (5 MiB parts, 2 in flight: memory stays flat; encrypted by
 * the bucket's default SSE-KMS with the data key), a streamed
 * `GetObject`, and presigned GET links (5 minutes) with the file name and content type.
 * @aws-sdk/client-s3, @aws-sdk/lib-storage and @aws-sdk/s3-request-presigner are imported on first
 * use only, so the functions that never export do not pay their cold start.
 */
export class S3ExportStore implements ExportStore {
  private sdk?: Promise<{ s3: S3Sdk; client: S3Client }>;

  /** `client` replaces the default `new S3Client({})` (tests). */
  constructor(
    private readonly bucket: string,
    private readonly client?: S3Client,
  ) {}

  private load() {
    this.sdk ??= import('@aws-sdk/client-s3').then((s3) => ({
      s3,
      client: this.client ?? new s3.S3Client({}),
    }));
    return this.sdk;
  }

  async put(key: string, chunks: AsyncIterable<Uint8Array>, contentType: string): Promise<{ bytes: number }> {
    const [{ client }, { Upload }] = await Promise.all([this.load(), import('@aws-sdk/lib-storage')]);
    const total = { bytes: 0 };
    await new Upload({
      client,
      params: {
        Bucket: this.bucket,
        Key: checked(key),
        Body: Readable.from(counted(chunks, total)),
        ContentType: contentType,
        // No ServerSideEncryption here: `aws:kms` without a key id would pick the AWS managed
        // aws/s3 key; the bucket's default encryption (the data key, bucket key on) applies.
      },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
      leavePartsOnError: false,
    }).done();
    return total;
  }

  async get(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const { s3, client } = await this.load();
    try {
      const out = await client.send(new s3.GetObjectCommand({ Bucket: this.bucket, Key: checked(key) }));
      return out.Body as AsyncIterable<Uint8Array> | undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async link(key: string, options: LinkOptions): Promise<string> {
    const [{ s3, client }, { getSignedUrl }] = await Promise.all([
      this.load(),
      import('@aws-sdk/s3-request-presigner'),
    ]);
    return getSignedUrl(
      client,
      new s3.GetObjectCommand({
        Bucket: this.bucket,
        Key: checked(key),
        ResponseContentDisposition: contentDispositionOf(options.filename),
        ResponseContentType: options.contentType,
      }),
      { expiresIn: options.expiresInSeconds ?? DEFAULT_LINK_SECONDS },
    );
  }
}

/** `attachment; filename="…"; filename*=UTF-8''…` (ASCII fallback plus the UTF-8 name). */
export const contentDispositionOf = (filename: string) => {
  const ascii = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

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
