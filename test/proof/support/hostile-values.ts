/**
 * The hostile values of the proof suite (issue 8, "Hostile input"): strings and JSON values that
 * attackers and broken clients send. Each list is plain data; openapi-requests.ts decides where a
 * value goes and whether, in that place, the document says it must be refused ("definite") or it
 * is only noise that the handler must survive.
 */
import { residentIdCheckDigit } from '@talent/kernel';

/** A JSON text spliced into the body as is (numbers JSON.stringify cannot write, deep nesting). */
export class RawJson {
  constructor(
    readonly text: string,
    readonly label: string,
  ) {}
}

/** `depth` nested arrays, written without recursion: `[[[...]]]` (10,000 levels by default). */
export const deepArray = (depth = 10_000): RawJson =>
  new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`, `nested-arrays(${depth})`);
/** `depth` nested objects `{"a":{"a":...}}`. */
export const deepObject = (depth = 2_000): RawJson =>
  new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, `nested-objects(${depth})`);

/** SQL injection. */
export const SQL = [
  "' OR '1'='1",
  '1; DROP TABLE MainTable;--',
  '" OR ""="',
  "admin'--",
  "' UNION SELECT username, password FROM users--",
  '1 AND SLEEP(5)',
] as const;

/** NoSQL / MongoDB operator injection, as strings (as objects: NOSQL_OBJECTS). */
export const NOSQL = [
  '{"$ne":null}',
  '{"$gt":""}',
  '$where',
  'this.password.match(/.*/)',
  '[$ne]=1',
] as const;
export const NOSQL_OBJECTS: readonly unknown[] = [
  { $ne: null },
  { $gt: '' },
  { $where: 'sleep(1000)' },
  { $in: [] },
];

/** DynamoDB key and expression fragments: keys of other tenants, expression syntax. */
export const DYNAMO = [
  '#PK',
  'A#beijing#CYCLE#x',
  'A#jiangsu',
  'PK = :pk OR attribute_exists(SK)',
  ':v) OR (attribute_exists(PK)',
  'SET #status = :s',
  'begins_with(PK, :p)',
  'PK#SK',
  '{"S":"A#lishui"}',
] as const;

/** Markup and template injection. */
export const MARKUP = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  ['$', '{7*7}'].join(''), // template injection, written so that no linter takes it for a template
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
] as const;
/** The marker a response must never reflect unescaped (HTML forms, reports). */
export const MARKUP_MARKER = '<script>alert(1)</script>';

/** Spreadsheet formula injection (CSV/XLSX exports). */
export const FORMULA = [
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)',
  '-2+3',
  '@SUM(A1:A9)',
  '=HYPERLINK("http://x")',
] as const;

/** CR/LF header injection (in bodies and, percent-encoded, in paths and queries). */
export const CRLF = ['a\r\nSet-Cookie: session=x', 'x\r\n\r\n<html>', 'a\nLocation: http://evil'] as const;
export const CRLF_ENCODED = [
  'a%0d%0aSet-Cookie:%20x=1',
  '%0d%0a%0d%0a<html>',
  'x%0aLocation:%20http://evil',
] as const;

/** Path traversal and encoded slashes, as raw path segments (already percent-encoded where shown). */
export const TRAVERSAL_SEGMENTS = [
  '%2e%2e%2f',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%2f..%2f',
  '..%5c..%5c',
  '%252e%252e%252f',
  'a%2Fb',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '....%2f%2f',
  '%00',
  'x%00.json',
  '%c0%ae%c0%ae%c0%af',
  '%ED%A0%80',
  '%FF%FE',
] as const;
/** Raw (unencoded) traversal: these change the path's segments, so the request may leave its route. */
export const TRAVERSAL_RAW = ['../', '../../etc/passwd', './', '..//..//'] as const;
/** Traversal as values inside JSON or a query string. */
export const TRAVERSAL_VALUES = [
  '../',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd',
  'file:///etc/passwd',
] as const;

/** Broken or tricky Unicode (JSON.stringify writes lone surrogates as \ud800 escapes). */
export const UNICODE = [
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\u0000',
  'x\u0000y',
  '\u0007bell',
  '\u001b[31m',
  '\u202e',
  '\u202egpj.exe',
  '\u2066abc\u2069',
  '\u200b',
  '\ufeff',
  '\ufffe',
  '\u0085',
  'Ω≈ç√∫',
  'ＡＢＣ１２３',
  '\u{1f600}\u{1f4a9}',
  'e\u0301\u0301\u0301\u0301',
  '王\u0000小明',
  '﷽',
] as const;
/** Byte sequences that are not UTF-8 (spliced into a body's JSON string, or outside a string). */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0xff]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe2, 0x28, 0xa1]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0x80, 0x80]),
];

/** Not a real calendar date YYYY-MM-DD (nor a valid instant). */
export const INVALID_DATES = [
  '2026-02-30',
  '2026-13-01',
  '',
  'yesterday',
  '2026-02-29',
  '2026-04-31',
  '2026-00-10',
  '2026-1-1',
  '26-01-01',
  '2026/01/01',
  '２０２６-０１-０１',
  '2026-02-30T00:00:00Z',
  '0000-00-00',
  '+002026-01-01',
  ' ',
] as const;

/** A resident ID with every part valid (Beijing Chaoyang, born 1985-03-10, male). */
export const VALID_RESIDENT_ID = (() => {
  const first17 = '11010519850310101';
  return first17 + residentIdCheckDigit(first17);
})();

/** Resident IDs that X-RESIDENT-ID refuses, with why. */
export const BAD_RESIDENT_IDS: readonly { readonly value: string; readonly why: string }[] = (() => {
  const good = VALID_RESIDENT_ID;
  const wrongDigit = good.slice(0, 17) + (good.at(-1) === '0' ? '1' : '0');
  const withCheck = (first17: string) => first17 + residentIdCheckDigit(first17);
  return [
    { value: wrongDigit, why: 'check-digit' },
    { value: good.slice(0, 17), why: 'length-17' },
    { value: `${good}1`, why: 'length-19' },
    { value: good.slice(0, 15), why: 'old-15-digit' },
    { value: `${good.slice(0, 16)}AB`, why: 'letters' },
    { value: 'ABCDEFGHIJKLMNOPQR', why: 'letters' },
    { value: withCheck('00010519850310101'), why: 'region' },
    { value: withCheck('11010519850230101'), why: 'birth-date-feb-30' },
    { value: withCheck('11010518890310101'), why: 'born-before-1900' },
    { value: withCheck('11010521990310101'), why: 'born-in-future' },
    { value: `${good.slice(0, 17)}Y`, why: 'check-char-Y' },
    { value: '', why: 'empty' },
    { value: `${good.slice(0, 9)}\u0000${good.slice(10)}`, why: 'nul' },
    { value: good.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))), why: 'fullwidth-digits' },
  ];
})();

/** Money in fen that no fen field takes (negative, fractional, beyond 2^53, not finite). */
export const BAD_FEN: readonly unknown[] = [
  -1,
  -100,
  0.5,
  1.01,
  -0.01,
  new RawJson('9007199254740993', 'beyond-2^53'),
  new RawJson('1e999', 'infinity'),
  new RawJson('-1e999', '-infinity'),
  '100',
  '1e3',
];

/** Idempotency-Key values the platform refuses (P-IDEMPOTENCY: 1–128 of letters, digits, _ . : -). */
export const BAD_IDEMPOTENCY_KEYS = [
  '',
  ' ',
  'a'.repeat(129),
  'key with spaces',
  '../../etc',
  "k'; DROP TABLE--",
  '#PK',
  '{"$ne":null}',
  '键',
  'a,b',
] as const;

/** If-Match values that name no version (the parser refuses them: 412). */
export const BAD_IF_MATCH = [
  'W/"1"',
  'abc',
  '1',
  '""',
  '"-1"',
  '"1.5"',
  '"1"x',
  '"9999999999999999"',
  ',',
  '"a"',
] as const;

/** Content types that are not JSON (415 for a non-empty body). */
export const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'text/html',
  'application/octet-stream',
  'application/jsonx',
  'json',
  'application/json-patch+json',
] as const;

/** Bodies that are not JSON at all (400 P-REQUEST-FORMAT) with a JSON content type. */
export const MALFORMED_JSON = [
  '{"a":',
  '{',
  'not json at all',
  "{'single':'quotes'}",
  '{"a":1,}',
  '[1,2',
  '{"a":NaN}',
  '{"a":undefined}',
  '{"a":1}{"b":2}',
  '\u0000',
  '{"a":"\\u12"}',
  '{"a":"unterminated}',
  '//comment\n{}',
  '{"a":0x10}',
] as const;

/** Keys a client should never be able to set (mass assignment, prototype pollution, key injection). */
export const HOSTILE_KEYS = [
  'agencyId',
  'status',
  'version',
  'PK',
  'SK',
  'GSI1PK',
  'createdBy',
  'roles',
  'isAdmin',
  '$where',
  '#PK',
  '__proto__',
  'constructor',
  'prototype',
  '',
  'a.b',
  'x'.repeat(300),
] as const;

/** Every hostile string, for free-text noise. */
export const HOSTILE_STRINGS: readonly string[] = [
  ...SQL,
  ...NOSQL,
  ...DYNAMO,
  ...MARKUP,
  ...FORMULA,
  ...CRLF,
  ...TRAVERSAL_VALUES,
  ...UNICODE,
];
