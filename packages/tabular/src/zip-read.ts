import { Inflate } from 'fflate';
import { formatError, TabularFormatError } from './errors';

/** One entry of a zip's central directory. */
interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  readonly crc: number;
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c;
  }
  return t;
})();

const crc32 = (b: Uint8Array): number => {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = (CRC_TABLE[(c ^ (b[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
};

const notAZip = () =>
  formatError(
    'the file is not a valid XLSX workbook (not a zip archive, or truncated)',
    '文件不是有效的 XLSX 工作簿（不是 zip 压缩包或文件不完整）',
  );

const u16 = (b: Uint8Array, o: number): number => {
  if (o + 2 > b.length) throw notAZip();
  return (b[o] as number) | ((b[o + 1] as number) << 8);
};
const u32 = (b: Uint8Array, o: number): number => {
  if (o + 4 > b.length) throw notAZip();
  return (
    ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16)) +
    (b[o + 3] as number) * 0x1000000
  );
};
const u64 = (b: Uint8Array, o: number): number => u32(b, o) + u32(b, o + 4) * 0x100000000;

const utf8 = new TextDecoder('utf-8');

/** Locates the end-of-central-directory record (scanning back over a comment of up to 64 KiB). */
const findEocd = (b: Uint8Array): number => {
  const stop = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i;
  }
  throw notAZip();
};

/** Reads the central directory (zip and zip64) into a map keyed by the normalized lower-case entry name. */
const centralDirectory = (b: Uint8Array, maxEntries: number): Map<string, ZipEntry> => {
  const eocd = findEocd(b);
  let count = u16(b, eocd + 10);
  let cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(b, locator) !== 0x07064b50) throw notAZip();
    const z64 = u64(b, locator + 8);
    if (u32(b, z64) !== 0x06064b50) throw notAZip();
    count = u64(b, z64 + 32);
    cdOffset = u64(b, z64 + 48);
  }
  if (count > maxEntries) throw formatError('the workbook has too many parts', '工作簿包含的部件过多');
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (u32(b, p) !== 0x02014b50) throw notAZip();
    const flags = u16(b, p + 8);
    const crc = u32(b, p + 16);
    const method = u16(b, p + 10);
    let compressedSize = u32(b, p + 20);
    let size = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    let localOffset = u32(b, p + 42);
    if (p + 46 + nameLen > b.length) throw notAZip();
    const name = utf8.decode(b.subarray(p + 46, p + 46 + nameLen));
    // zip64 extended information (0x0001): the fields that overflowed, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = u16(b, e);
      const len = u16(b, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(b, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(b, q);
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(b, q);
      }
      e += 4 + len;
    }
    const key = name.replaceAll('\\', '/').replace(/^\/+/, '').toLowerCase();
    if (!entries.has(key)) entries.set(key, { name, method, flags, compressedSize, size, localOffset, crc });
    p = extraEnd + commentLen;
  }
  return entries;
};

/**
 * A read-only view of a zip archive that inflates only the entries asked for, and refuses to inflate
 * more than `maxUncompressedBytes` in total, whatever sizes the archive declares (zip-bomb guard).
 */
export class ZipReader {
  private readonly entries: Map<string, ZipEntry>;
  private inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly maxUncompressedBytes: number,
    maxEntries: number,
  ) {
    if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw notAZip();
    this.entries = centralDirectory(bytes, maxEntries);
  }

  /** The entry's bytes, or undefined when the archive has no such entry. */
  read(name: string): Uint8Array | undefined {
    const entry = this.entries.get(name.replace(/^\/+/, '').toLowerCase());
    if (!entry) return undefined;
    const b = this.bytes;
    if (entry.flags & 1) throw formatError('the workbook is encrypted', '工作簿已加密，请先取消密码保护');
    const local = entry.localOffset;
    if (u32(b, local) !== 0x04034b50) throw notAZip();
    const start = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    const end = start + entry.compressedSize;
    if (end > b.length) throw notAZip();
    const data = b.subarray(start, end);
    if (entry.method !== 0 && entry.method !== 8) {
      throw formatError(
        `the workbook uses an unsupported compression method (${entry.method})`,
        '工作簿使用了不支持的压缩方式',
      );
    }
    if (entry.method === 0) this.account(data.length);
    const out = entry.method === 0 ? data : this.inflate(data);
    // The CRC-32 of the central directory: a damaged file is refused rather than read with wrong values.
    if (crc32(out) !== entry.crc) {
      throw formatError('the workbook is damaged (checksum mismatch)', '工作簿已损坏（校验和不一致）');
    }
    return out;
  }

  private account(n: number): void {
    this.inflated += n;
    if (this.inflated > this.maxUncompressedBytes) {
      throw formatError(
        `the workbook expands to more than ${this.maxUncompressedBytes} bytes`,
        `工作簿解压后超过 ${Math.floor(this.maxUncompressedBytes / 1048576)} MB`,
      );
    }
  }

  private inflate(data: Uint8Array): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    let done = false;
    const inflater = new Inflate((chunk, final) => {
      this.account(chunk.length);
      parts.push(chunk);
      total += chunk.length;
      if (final) done = true;
    });
    // Small input steps: deflate expands at most ~1032:1, so one step inflates at most ~16 MiB
    // before the byte count above can refuse it.
    const STEP = 16 * 1024;
    try {
      for (let i = 0; i < data.length && !done; i += STEP) {
        const last = i + STEP >= data.length;
        inflater.push(data.subarray(i, Math.min(i + STEP, data.length)), last);
      }
      if (data.length === 0) inflater.push(data, true);
    } catch (e) {
      if (e instanceof TabularFormatError) throw e;
      throw notAZip();
    }
    if (!done) throw notAZip();
    if (parts.length === 1) return parts[0] as Uint8Array;
    const out = new Uint8Array(total);
    let o = 0;
    for (const part of parts) {
      out.set(part, o);
      o += part.length;
    }
    return out;
  }
}
