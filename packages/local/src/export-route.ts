import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalRouteHandler, LocalRouteResponse } from './gateway';

/**
 * `GET /_local/exports?key=<key>&filename=<name>&expires=<epoch s>&signature=<hex>`: the local
 * stand-in for a presigned S3 GET of a funding export (the funding API answers 303 to it for files
 * over 4 MiB). Serves `<EXPORT_DIR>/<key>` as an attachment when the signature is HMAC-SHA256 over
 * `<key>\n<expires>\n<filename>` with EXPORT_LINK_KEY (what `DirectoryExportStore.link` signs) and
 * `expires` is not past on the virtual clock. No bearer token: like a presigned URL, the link is
 * the credential (valid 5 minutes).
 */
export const EXPORTS_PATH = '/_local/exports';

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,300}$/;
const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const signExportLink = (secret: string, key: string, expires: number, filename: string): string =>
  createHmac('sha256', secret).update(`${key}\n${expires}\n${filename}`).digest('hex');

const problem = (status: number, title: string, detail: string): LocalRouteResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json', ...(status === 405 ? { allow: 'GET' } : {}) },
  body: JSON.stringify({ type: 'about:blank', title, status, detail, instance: EXPORTS_PATH }),
});

export interface ExportsRouteOptions {
  /** EXPORT_DIR of the funding function. */
  readonly dir: string;
  /** The virtual clock (ms). */
  readonly now: () => number;
  /** EXPORT_LINK_KEY (read per request). */
  readonly secret: () => string | undefined;
}

export const exportsRouteHandler =
  (options: ExportsRouteOptions): LocalRouteHandler =>
  async (req) => {
    if ((req.method ?? 'GET').toUpperCase() !== 'GET') return problem(405, 'Method not allowed', 'GET only');
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    const key = query.get('key') ?? '';
    const filename = query.get('filename') ?? '';
    const expires = Number(query.get('expires'));
    const signature = query.get('signature') ?? '';
    const secret = options.secret();
    if (
      !KEY.test(key) ||
      key.includes('..') ||
      !Number.isInteger(expires) ||
      !/^[0-9a-f]{64}$/.test(signature)
    )
      return problem(400, 'Bad download link', 'key, filename, expires and signature are required');
    if (!secret) return problem(503, 'No link key', 'EXPORT_LINK_KEY is not set');
    const expected = Buffer.from(signExportLink(secret, key, expires, filename), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
      return problem(403, 'Bad signature', 'the download link is not valid');
    if (expires * 1000 < options.now()) return problem(403, 'Link expired', 'the download link has expired');
    const path = join(options.dir, key);
    if (!existsSync(path) || !statSync(path).isFile()) return problem(404, 'Not found', 'no such export');
    const extension = key.slice(key.lastIndexOf('.') + 1);
    const ascii = (filename || key.slice(key.lastIndexOf('/') + 1)).replace(/[^A-Za-z0-9._-]/g, '_');
    return {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename || ascii)}`,
        'cache-control': 'no-store',
      },
      body: readFileSync(path),
    };
  };
