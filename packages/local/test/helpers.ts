import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/**
 * A plain node:http request: the path is sent exactly as given and repeated headers stay
 * separate header lines (fetch would normalise both).
 */
export const send = (
  baseUrl: string,
  method: string,
  path: string,
  options: { headers?: OutgoingHttpHeaders; body?: Buffer | string; chunked?: boolean } = {},
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const url = new URL(baseUrl);
    const req = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: body.toString('utf8'),
            json: <T>() => JSON.parse(body.toString('utf8')) as T,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        const buf = Buffer.from(options.body);
        const step = 64 * 1024;
        for (let i = 0; i < buf.length; i += step) req.write(buf.subarray(i, i + step));
      } else {
        req.setHeader('content-length', Buffer.byteLength(options.body));
        req.write(options.body);
      }
    }
    req.end();
  });

const created: string[] = [];
// Registered when a test file imports this module: runs after the file's tests.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `talent-local-${prefix}-`));
  created.push(dir);
  return dir;
};

/** Whether a process with this id exists. */
export const processExists = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface CapturedLog {
  readonly info: string[];
  readonly warn: string[];
  readonly error: string[];
}

export const captureLogger = () => {
  const lines: CapturedLog = { info: [], warn: [], error: [] };
  return {
    lines,
    logger: {
      info: (m: string) => lines.info.push(m),
      warn: (m: string) => lines.warn.push(m),
      error: (m: string) => lines.error.push(m),
    },
  };
};
