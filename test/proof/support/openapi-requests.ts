/**
 * Hostile requests generated from the OpenAPI document (issue 8, "Hostile input").
 *
 * `operationsOf(doc)` reads every operation of docs/openapi.json (or the document the stack serves
 * at GET /openapi.json: the same generator output): method, path, `x-roles`, path and query
 * parameter schemas, the JSON Schema of the body, whether `Idempotency-Key` is honoured and
 * `If-Match` required. `hostileRequest(op, ctx)` is a fast-check arbitrary of raw HTTP requests
 * for one operation:
 *
 * - a plausible base (real ids of the seeded resources where the context has them, values that
 *   satisfy the document's schema, with field-name hints for names, phones, dates, resident IDs);
 * - noise: hostile content that may be valid in its place (SQL, NoSQL, DynamoDB fragments,
 *   markup, formulas, CRLF, RTL overrides, invalid UTF-8 bytes inside strings, prototype keys);
 * - violations, each labelled, and *definite* only when the document (or a platform convention it
 *   states: dates YYYY-MM-DD, X-RESIDENT-ID, integer fen ≥ 0) says the request must be refused:
 *   the whole body is checked against the body schema by `validates` below (conservatively: a
 *   value only counts as invalid when every reading of the schema refuses it, e.g. lengths are
 *   compared after trimming); path and query values against their parameter schemas (integers read
 *   as the platform coerces them); headers, content types, sizes and JSON syntax by construction.
 *   Two claims reach past the request guard on purpose: an attribute no programme has, in a
 *   nomination's open `attributes`, and an opaque body (registerProgramme, uploadCalendarYear) of
 *   nothing but such keys — refused by the catalogue's strict schemas in the use case, sent with a
 *   valid Idempotency-Key so the idempotency layer sees the (10,000-level) body too.
 *
 * Every request of a write operation (anything but GET) carries at least one definite violation
 * (mostly exactly one, so the rest of the request is valid and it travels as far as it can), so any
 * 2xx — and any change of the table — is a failure. GET requests carry zero to two.
 */
import { redactPersonalData } from '@talent/kernel';
import * as fc from 'fast-check';
import {
  BAD_FEN,
  BAD_IDEMPOTENCY_KEYS,
  BAD_IF_MATCH,
  BAD_RESIDENT_IDS,
  CRLF_ENCODED,
  DYNAMO,
  deepArray,
  deepObject,
  HOSTILE_KEYS,
  HOSTILE_STRINGS,
  INVALID_DATES,
  INVALID_UTF8,
  MALFORMED_JSON,
  MARKUP,
  MARKUP_MARKER,
  NOSQL,
  RawJson,
  SQL,
  TRAVERSAL_RAW,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
  UNICODE,
  VALID_RESIDENT_ID,
  WRONG_CONTENT_TYPES,
} from './hostile-values';

// ---------------------------------------------------------------------------------------------
// The document

export type JsonSchema = { readonly [keyword: string]: unknown };

interface DocParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}
interface DocOperation {
  readonly operationId: string;
  readonly tags?: readonly string[];
  readonly 'x-roles': readonly string[] | 'public';
  readonly parameters?: readonly DocParameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: JsonSchema }> };
}
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, DocOperation>>;
}

export interface ParamSpec {
  readonly name: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
}

export interface OperationSpec {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly roles: readonly string[] | 'public';
  readonly tags: readonly string[];
  readonly pathParams: readonly ParamSpec[];
  readonly queryParams: readonly ParamSpec[];
  /** The JSON Schema of the body; undefined: the route takes no body. */
  readonly body: JsonSchema | undefined;
  readonly idempotent: boolean;
  readonly requiresIfMatch: boolean;
  /** GET: may legitimately answer 200 or 404; everything else must refuse every request here. */
  readonly safe: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document, in document order. */
export const operationsOf = (doc: OpenApiDocument): OperationSpec[] => {
  const out: OperationSpec[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = byMethod[method];
      if (!op) continue;
      const params = op.parameters ?? [];
      const of = (where: string): ParamSpec[] =>
        params
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: p.required === true }));
      const headers = params.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        roles: op['x-roles'],
        tags: op.tags ?? [],
        pathParams: of('path'),
        queryParams: of('query'),
        body: op.requestBody?.content['application/json']?.schema,
        idempotent: headers.includes('idempotency-key'),
        requiresIfMatch: params.some(
          (p) => p.in === 'header' && p.name === 'If-Match' && p.required === true,
        ),
        safe: method === 'get',
      });
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// A conservative JSON Schema check (the keywords the document uses)

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';

const jsonTypeOf = (v: unknown): Exclude<JsonType, 'integer'> =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'object'
        ? 'object'
        : (typeof v as 'string' | 'number' | 'boolean');

const hasType = (v: unknown, t: JsonType): boolean => {
  if (t === 'integer') return typeof v === 'number' && Number.isSafeInteger(v);
  // zod refuses infinite numbers; JSON can carry them as 1e999.
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v);
  return jsonTypeOf(v) === t;
};

/** Equality of JSON values, without recursion into values deeper than any schema constant. */
const sameJson = (a: unknown, b: unknown, depth = 0): boolean => {
  if (a === b) return true;
  if (depth > 20 || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1))
  );
};

const regexCache = new Map<string, RegExp>();
const regex = (pattern: string): RegExp => {
  let r = regexCache.get(pattern);
  if (!r) {
    r = new RegExp(pattern);
    regexCache.set(pattern, r);
  }
  return r;
};

/**
 * Whether `value` may satisfy `schema`. False only when the value breaks the schema under every
 * reading the platform's zod schemas could give it: strings may be trimmed before their length
 * and pattern checks, so a string is too long only if it is too long trimmed, too short only if
 * it is too short untrimmed, and off-pattern only if both it and its trimmed form miss.
 */
export const validates = (schema: JsonSchema, value: unknown): boolean => {
  const anyOf = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (anyOf && !anyOf.some((s) => validates(s, value))) return false;
  const allOf = schema.allOf as JsonSchema[] | undefined;
  if (allOf && !allOf.every((s) => validates(s, value))) return false;
  if ('const' in schema && !sameJson(schema.const, value)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => sameJson(e, value))) return false;
  const type = schema.type as JsonType | JsonType[] | undefined;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((t) => hasType(value, t))) return false;
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return false;
    if (typeof schema.maxLength === 'number' && value.trim().length > schema.maxLength) return false;
    if (typeof schema.pattern === 'string') {
      const r = regex(schema.pattern);
      if (!r.test(value) && !r.test(value.trim())) return false;
    }
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return false;
    if (typeof schema.minimum === 'number' && value < schema.minimum) return false;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return false;
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) return false;
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) return false;
    if (typeof schema.multipleOf === 'number') {
      const q = value / schema.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) return false;
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) return false;
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) return false;
    const items = schema.items as JsonSchema | undefined;
    if (items && typeof items === 'object' && !value.every((v) => validates(items, v))) return false;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const k of (schema.required as string[] | undefined) ?? []) if (!keys.includes(k)) return false;
    const additional = schema.additionalProperties;
    const names = schema.propertyNames as JsonSchema | undefined;
    for (const k of keys) {
      const own = Object.hasOwn(properties, k) ? properties[k] : undefined;
      if (own) {
        if (!validates(own, obj[k])) return false;
        continue;
      }
      if (additional === false) return false;
      if (names && !validates(names, k)) return false;
      if (additional && typeof additional === 'object' && !validates(additional as JsonSchema, obj[k]))
        return false;
    }
  }
  return true;
};

/** The JSON types a schema accepts, or 'any'. */
const typesOf = (schema: JsonSchema): Set<JsonType> | 'any' => {
  const anyOf = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (anyOf) {
    const all = new Set<JsonType>();
    for (const s of anyOf) {
      const t = typesOf(s);
      if (t === 'any') return 'any';
      for (const x of t) all.add(x);
    }
    return all;
  }
  if (schema.type !== undefined) return new Set(Array.isArray(schema.type) ? schema.type : [schema.type]);
  if ('const' in schema) return new Set([jsonTypeOf(schema.const)]);
  if (Array.isArray(schema.enum)) return new Set(schema.enum.map(jsonTypeOf));
  return 'any';
};

/** One branch to descend into for `value` (unions), or the schema itself. */
const branchFor = (schema: JsonSchema, value: unknown): JsonSchema => {
  const anyOf = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!anyOf) return schema;
  return anyOf.find((s) => validates(s, value)) ?? anyOf[0] ?? schema;
};

// ---------------------------------------------------------------------------------------------
// Parameters: the gateway decodes each path segment (decodeURIComponent, raw when that fails)

export const decodeSegment = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Whether a decoded path or query value may satisfy the parameter schema (integers coerced). */
export const paramValidates = (schema: JsonSchema, value: string): boolean => {
  const types = typesOf(schema);
  if (types !== 'any' && (types.has('integer') || types.has('number')) && !types.has('string')) {
    // The platform coerces (`z.coerce.number()`): Number(' 12 ') is 12, Number('0x10') is 16.
    return validates(schema, Number(value));
  }
  return validates({ ...schema, type: 'string' }, value);
};

// ---------------------------------------------------------------------------------------------
// Bodies: a value tree that may hold raw JSON (1e999, 10,000-level nesting) and raw bytes

/** A JSON string whose content is these bytes (not UTF-8): the body carries them as sent. */
export class RawBytes {
  constructor(
    readonly bytes: Buffer,
    readonly label: string,
  ) {}
}

/** A plain object without a prototype, so `__proto__` is an ordinary key. */
const record = (entries: [string, unknown][] = []): Record<string, unknown> => {
  const o = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) o[k] = v;
  return o;
};
const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !(v instanceof RawJson) &&
  !(v instanceof RawBytes);

/** The bytes of a body value (JSON.stringify escapes lone surrogates, as a client would). */
export const serialize = (value: unknown): Buffer => {
  const parts: (string | Buffer)[] = [];
  const write = (v: unknown): void => {
    if (v instanceof RawJson) parts.push(v.text);
    else if (v instanceof RawBytes) parts.push('"', v.bytes, '"');
    else if (Array.isArray(v)) {
      parts.push('[');
      v.forEach((x, i) => {
        if (i > 0) parts.push(',');
        write(x);
      });
      parts.push(']');
    } else if (v !== null && typeof v === 'object') {
      parts.push('{');
      Object.keys(v).forEach((k, i) => {
        if (i > 0) parts.push(',');
        parts.push(JSON.stringify(k), ':');
        write((v as Record<string, unknown>)[k]);
      });
      parts.push('}');
    } else parts.push(JSON.stringify(v) ?? 'null');
  };
  write(value);
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
};

/** The body as the handler reads it (UTF-8 decoded, JSON parsed), or `undefined` if it is not JSON. */
export const parsedBody = (bytes: Buffer): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false };
  }
};

type Path = readonly (string | number)[];
const pathText = (path: Path): string =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`), 'body');

const clone = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(clone);
  if (isRecord(v)) return record(Object.keys(v).map((k) => [k, clone(v[k])]));
  return v;
};

/** `root` with the value at `path` replaced (or, with `remove`, the key deleted). */
const setAt = (root: unknown, path: Path, value: unknown, remove = false): unknown => {
  if (path.length === 0) return value;
  const copy = clone(root);
  let node: unknown = copy;
  for (let i = 0; i < path.length - 1; i++) {
    if (node === null || typeof node !== 'object' || node instanceof RawJson || node instanceof RawBytes)
      return root;
    node = (node as Record<string | number, unknown>)[path[i] as string];
  }
  // An earlier violation replaced a parent with a scalar: nothing to plant here.
  if (node === null || typeof node !== 'object' || node instanceof RawJson || node instanceof RawBytes)
    return root;
  const last = path[path.length - 1] as string;
  if (remove) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = value;
  return copy;
};

interface Site {
  readonly path: Path;
  readonly schema: JsonSchema;
  readonly value: unknown;
}

/** Every node of `value` with the schema that governs it. */
const sitesOf = (schema: JsonSchema, value: unknown, path: Path = [], out: Site[] = []): Site[] => {
  const s = branchFor(schema, value);
  out.push({ path, schema: s, value });
  if (Array.isArray(value) && s.items && typeof s.items === 'object') {
    value.forEach((v, i) => {
      sitesOf(s.items as JsonSchema, v, [...path, i], out);
    });
  } else if (isRecord(value)) {
    const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
    const additional = s.additionalProperties;
    for (const k of Object.keys(value)) {
      const child = Object.hasOwn(properties, k)
        ? properties[k]
        : additional && typeof additional === 'object'
          ? (additional as JsonSchema)
          : undefined;
      if (child) sitesOf(child, value[k], [...path, k], out);
    }
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// Plausible values (the base a violation is planted in)

/** Fields that hold a YYYY-MM-DD day (docs/api.md: dates are 'YYYY-MM-DD' Asia/Shanghai). */
const DATE_NAME = /(Date|On)$|^(date|from|to)$/;
const FEN_NAME = /Fen$/;
const lastKey = (path: Path): string | undefined => {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
};

const CJK_WORDS = ['数控加工', '王小明', '江苏某装备制造有限公司', '技师学院', '测试', '培训计划', 'abc'];

const stringFor = (schema: JsonSchema, name: string | undefined, real: RealValues): fc.Arbitrary<string> => {
  const known = name ? real[name] : undefined;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 200;
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (Array.isArray(schema.enum)) {
    if (name === 'gender' && schema.enum.includes('male')) return fc.constant('male');
    return fc.constantFrom(...(schema.enum as string[]));
  }
  if (typeof schema.pattern === 'string') {
    const r = regex(schema.pattern);
    const realOk = (known ?? []).filter((v) => r.test(v) && fits(v));
    const generated = fc
      .stringMatching(r, { size: 'xsmall', maxLength: max })
      .filter((s) => fits(s) && r.test(s));
    return realOk.length > 0
      ? fc.oneof({ arbitrary: fc.constantFrom(...realOk), weight: 4 }, generated)
      : generated;
  }
  const knownOk = (known ?? []).filter(fits);
  if (knownOk.length > 0) return fc.constantFrom(...knownOk);
  if (name === 'residentId') return fc.constant(VALID_RESIDENT_ID);
  // The birth date and gender VALID_RESIDENT_ID carries (X-RESIDENT-ID checks they agree).
  if (name === 'birthDate') return fc.constant('1985-03-10');
  if (name && DATE_NAME.test(name)) return fc.constantFrom('2026-05-01', '2026-11-20', '2026-03-15');
  if (name === 'phone' || name === 'contact') return fc.constant('13812345678');
  if (name === 'url') return fc.constant('https://example.com/evidence.pdf');
  if (name === 'name' || name === 'masterName') return fc.constantFrom('王小明', '李老师');
  return fc.constantFrom(...CJK_WORDS).map((w) => {
    let s = w;
    while (s.length < min) s += w;
    return s.slice(0, Math.max(min, Math.min(max, s.length)));
  });
};

const numberFor = (schema: JsonSchema, integer: boolean, name: string | undefined): fc.Arbitrary<number> => {
  const lo =
    typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.exclusiveMinimum === 'number'
        ? schema.exclusiveMinimum + 1
        : 0;
  const hiRaw = typeof schema.maximum === 'number' ? schema.maximum : lo + 1000;
  const hi = Math.min(hiRaw, lo + 100_000);
  const step = typeof schema.multipleOf === 'number' ? schema.multipleOf : 1;
  if (name === 'year' && lo <= 2026 && hi >= 2026) return fc.constant(2026);
  if (!integer && step === 1) return fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) });
  const steps = Math.max(0, Math.floor((hi - lo) / step));
  return fc.integer({ min: 0, max: Math.min(steps, 1000) }).map((k) => lo + k * step);
};

/** A value the schema accepts (as far as the document shows), `depth` levels deep at most. */
export const plausible = (
  schema: JsonSchema,
  real: RealValues = {},
  name?: string,
  depth = 0,
): fc.Arbitrary<unknown> => {
  const anyOf = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (anyOf && anyOf.length > 0) return fc.oneof(...anyOf.map((s) => plausible(s, real, name, depth)));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) {
    if (name === 'gender' && schema.enum.includes('male')) return fc.constant('male');
    return fc.constantFrom(...schema.enum);
  }
  const types = typesOf(schema);
  if (types === 'any') return depth > 2 ? fc.constant('x') : fc.constantFrom('x', 1, true, null, record());
  const type = [...types][0] as JsonType;
  switch (type) {
    case 'string':
      return stringFor(schema, name, real);
    case 'integer':
    case 'number':
      return numberFor(schema, type === 'integer', name);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : min + 3;
      if (depth > 4) return fc.constant([]);
      return fc.array(plausible(items, real, name, depth + 1), {
        minLength: min,
        maxLength: Math.min(max, min + 3),
      });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      const keys = Object.keys(properties);
      const parts: fc.Arbitrary<[string, unknown] | undefined>[] = keys.map((k) => {
        const v = plausible(properties[k] as JsonSchema, real, k, depth + 1).map((x): [string, unknown] => [
          k,
          x,
        ]);
        return required.has(k) || depth > 3 ? v : fc.option(v, { nil: undefined, freq: 2 });
      });
      return fc
        .tuple(...parts)
        .map((entries) => record(entries.filter((e): e is [string, unknown] => e !== undefined)));
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Violations and noise

export interface Planted {
  readonly value: unknown;
  readonly label: string;
}

const huge = (n: number, unit = 'x') => unit.repeat(n);
/** 10,000 nested arrays and 1,000 nested objects, built once. */
const DEEP_ARRAY = deepArray(10_000);
const DEEP_OBJECT = deepObject(1_000);

const WRONG_TYPE_POOL: readonly { readonly value: unknown; readonly type: JsonType | 'deep' }[] = [
  { value: 'yesterday', type: 'string' },
  { value: "' OR '1'='1", type: 'string' },
  { value: 12345, type: 'number' },
  { value: 1.5, type: 'number' },
  { value: true, type: 'boolean' },
  { value: false, type: 'boolean' },
  { value: null, type: 'null' },
  { value: [], type: 'array' },
  { value: ['<script>alert(1)</script>'], type: 'array' },
  { value: record([['$ne', null]]), type: 'object' },
  { value: record([['$gt', '']]), type: 'object' },
  { value: DEEP_ARRAY, type: 'deep' },
  { value: DEEP_OBJECT, type: 'deep' },
];

/**
 * Conventions docs/api.md states in prose, not in the schema: dates are real YYYY-MM-DD days,
 * resident IDs pass X-RESIDENT-ID, money is integer fen ≥ 0. The planted values break them by
 * construction (hostile-values.ts says why each one is wrong).
 */
const conventionViolations = (site: Site): fc.Arbitrary<Planted>[] => {
  const name = lastKey(site.path);
  const where = pathText(site.path);
  const types = typesOf(site.schema);
  if (!name || types === 'any') return [];
  if (name === 'residentId' && types.has('string'))
    return [
      fc
        .constantFrom(...BAD_RESIDENT_IDS)
        .map((b) => ({ value: b.value, label: `${where}:resident-id(${b.why})` })),
    ];
  if (DATE_NAME.test(name) && types.has('string'))
    return [
      fc
        .constantFrom(...INVALID_DATES)
        .map((d) => ({ value: d, label: `${where}:invalid-date(${JSON.stringify(d)})` })),
    ];
  if (FEN_NAME.test(name) && (types.has('integer') || types.has('number')))
    return [
      fc.constantFrom(...BAD_FEN).map((f) => ({
        value: f,
        label: `${where}:fen(${f instanceof RawJson ? f.label : JSON.stringify(f)})`,
      })),
    ];
  return [];
};
/**
 * A nomination's `attributes` are an open record in the document, checked in the use case by the
 * category's strict schema of the catalogue (GET /programmes/{id}: `attributesSchema`): no
 * programme has these keys, so each is refused there, past the request guard, whatever it holds
 * (10,000-level nesting, NoSQL operators, markup, a long string).
 */
const UNKNOWN_ATTRIBUTES = ['$where', '#PK', 'zz-unknown-attribute', 'A#beijing#CYCLE'] as const;
const isAttributesSite = (site: Site): boolean =>
  lastKey(site.path) === 'attributes' &&
  typeof site.path[site.path.length - 1] === 'string' &&
  isRecord(site.value) &&
  site.schema.additionalProperties !== false &&
  typeof site.schema.additionalProperties === 'object' &&
  typesOf(site.schema.additionalProperties as JsonSchema) === 'any';
const unknownAttribute = (): fc.Arbitrary<Planted> =>
  fc
    .tuple(
      fc.constantFrom(...UNKNOWN_ATTRIBUTES),
      fc.constantFrom<unknown>(
        DEEP_ARRAY,
        DEEP_ARRAY,
        DEEP_OBJECT,
        record([['$ne', null]]),
        MARKUP_MARKER,
        'x'.repeat(20_000),
        true,
      ),
    )
    .map(([k, v]) => ({ value: { add: [k, v] }, label: `unknown-attribute(${k})` }));

/**
 * A body the document leaves opaque: `registerProgramme` is `{type: object}` with its fields in
 * prose (a programme definition: id, version, nameZh … checked by the catalogue, P-PROGRAMME-
 * DEFINITION), `uploadCalendarYear` is `{}` (a working-days calendar, X-WORKING-DAYS). An object
 * of nothing but these keys is none of that, so it is refused past the request guard, whatever
 * it holds: 10,000-level nesting above all, which only code past the guard meets.
 */
const isOpaqueBody = (site: Site): boolean =>
  site.path.length === 0 &&
  site.schema.properties === undefined &&
  site.schema.additionalProperties === undefined &&
  site.schema.required === undefined &&
  (site.schema.type === 'object' || typesOf(site.schema) === 'any');
const opaqueBody = (): fc.Arbitrary<Planted> =>
  fc
    .tuple(
      fc.constantFrom(...UNKNOWN_ATTRIBUTES),
      fc.constantFrom<unknown>(DEEP_ARRAY, DEEP_ARRAY, DEEP_OBJECT, record([['$ne', null]]), MARKUP_MARKER),
    )
    .map(([k, v]) => ({
      value: record([[k, v]]),
      label: `opaque-body(${k}: ${v instanceof RawJson ? v.label : jsonTypeOf(v)})`,
    }));

const isConventionSite = (site: Site): boolean => {
  const name = lastKey(site.path);
  return (
    name !== undefined &&
    typeof site.path[site.path.length - 1] === 'string' &&
    (name === 'residentId' || DATE_NAME.test(name) || FEN_NAME.test(name))
  );
};

const offPatternCache = new Map<string, string[]>();
/** Hostile strings that miss a pattern, trimmed or not. */
const offPattern = (pattern: string): string[] => {
  let off = offPatternCache.get(pattern);
  if (!off) {
    const r = regex(pattern);
    off = [...HOSTILE_STRINGS, ...TRAVERSAL_VALUES, 'a b', 'ä', '', '-leading', '#PK'].filter(
      (v) => !r.test(v) && !r.test(v.trim()),
    );
    offPatternCache.set(pattern, off);
  }
  return off;
};

/** Definite candidates for one site (each still checked against the whole body afterwards). */
const siteViolations = (site: Site, room: number): fc.Arbitrary<Planted>[] => {
  const s = site.schema;
  const types = typesOf(s);
  const out: fc.Arbitrary<Planted>[] = [];
  const where = pathText(site.path);
  // Wrong type: a value of a JSON type the schema does not take.
  if (types !== 'any') {
    const wrong = WRONG_TYPE_POOL.filter((w) =>
      w.type === 'deep'
        ? !types.has('array') && !types.has('object')
        : !types.has(w.type as JsonType) &&
          !(w.type === 'number' && types.has('integer') && w.value === 12345),
    );
    if (wrong.length > 0)
      out.push(
        fc.constantFrom(...wrong).map((w) => ({
          value: w.value,
          label: `${where}:wrong-type(${w.value instanceof RawJson ? w.value.label : jsonTypeOf(w.value)})`,
        })),
      );
  }
  if (Array.isArray(s.enum) || 'const' in s) {
    out.push(
      fc
        .constantFrom('other', 'ADMIN', '', ...SQL.slice(0, 2), '\u202eenum')
        .map((v) => ({ value: v, label: `${where}:not-in-enum` })),
    );
  }
  if (types !== 'any' && types.has('string') && !Array.isArray(s.enum)) {
    if (typeof s.maxLength === 'number') {
      const max = s.maxLength;
      const lengths = [max + 1, Math.min(max * 4 + 7, room)].filter((n) => n > max && n <= room);
      if (lengths.length > 0)
        out.push(
          fc.constantFrom(...lengths).chain((n) =>
            fc.constantFrom('x', '王', 'A\u0301').map((u) => ({
              value: huge(n, u).slice(0, Math.max(n, max + 1)),
              label: `${where}:too-long(${n})`,
            })),
          ),
        );
    }
    if (typeof s.minLength === 'number' && s.minLength > 0)
      out.push(fc.constant({ value: '', label: `${where}:too-short` }));
    if (typeof s.pattern === 'string') {
      const off = offPattern(s.pattern);
      if (off.length > 0)
        out.push(fc.constantFrom(...off).map((v) => ({ value: v, label: `${where}:pattern` })));
    }
  }
  if (types !== 'any' && (types.has('integer') || types.has('number'))) {
    const nums: { value: unknown; label: string }[] = [];
    if (typeof s.minimum === 'number') nums.push({ value: s.minimum - 1, label: 'below-minimum' });
    if (typeof s.exclusiveMinimum === 'number')
      nums.push({ value: s.exclusiveMinimum, label: 'at-exclusive-minimum' });
    if (typeof s.maximum === 'number' && s.maximum < Number.MAX_SAFE_INTEGER)
      nums.push({ value: s.maximum + 1, label: 'above-maximum' });
    if (types.has('integer')) {
      nums.push({ value: (typeof s.minimum === 'number' ? s.minimum : 0) + 0.5, label: 'fraction' });
      nums.push({ value: new RawJson('1e999', 'infinity'), label: 'infinity' });
      nums.push({ value: new RawJson('9007199254740993', 'beyond-2^53'), label: 'beyond-2^53' });
    }
    if (typeof s.multipleOf === 'number')
      nums.push({
        value: (typeof s.minimum === 'number' ? s.minimum : 0) + s.multipleOf / 2,
        label: 'not-a-multiple',
      });
    if (nums.length > 0)
      out.push(fc.constantFrom(...nums).map((n) => ({ value: n.value, label: `${where}:${n.label}` })));
  }
  out.push(...conventionViolations(site));
  if (Array.isArray(site.value)) {
    const arr = site.value;
    if (typeof s.maxItems === 'number') {
      const n = s.maxItems + 1;
      const item = arr[0] ?? 'x';
      if (serialize(item).length * n < room)
        out.push(
          fc.constant({
            value: Array.from({ length: n }, () => clone(item)),
            label: `${where}:too-many-items(${n})`,
          }),
        );
    }
    if (typeof s.minItems === 'number' && s.minItems > 0)
      out.push(fc.constant({ value: [], label: `${where}:too-few-items` }));
    if (
      s.items &&
      typeof s.items === 'object' &&
      typesOf(s.items as JsonSchema) !== 'any' &&
      !(typesOf(s.items as JsonSchema) as Set<JsonType>).has('object')
    ) {
      out.push(
        fc.constant({
          value: Array.from({ length: Math.min(5_000, Math.floor(room / 12)) }, () =>
            record([['$ne', null]]),
          ),
          label: `${where}:huge-array-of-objects`,
        }),
      );
    }
  }
  if (isRecord(site.value)) {
    const required = ((s.required as string[] | undefined) ?? []).filter((k) => k in (site.value as object));
    if (required.length > 0)
      out.push(
        fc
          .constantFrom(...required)
          .map((k) => ({ value: { remove: k }, label: `${where}.${k}:missing-required` })),
      );
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const extra = HOSTILE_KEYS.filter(
      (k) => !Object.hasOwn(properties, k) && k !== '__proto__' && k !== 'constructor',
    );
    out.push(
      fc
        .tuple(
          fc.constantFrom(...extra),
          fc.constantFrom<unknown>(true, 'admin', 1, null, record([['$ne', null]]), '#PK'),
        )
        .map(([k, v]) => ({
          value: { add: [k, v] },
          label: `${where}:extra-field(${k.length > 20 ? `${k.slice(0, 8)}…` : k})`,
        })),
    );
  }
  return out;
};

/** Applies a planted violation (value, or `{remove}` / `{add}` on an object) at a site. */
const plant = (body: unknown, site: Site, planted: Planted): unknown => {
  const v = planted.value as { remove?: string; add?: [string, unknown] } | unknown;
  if (isRecord(site.value) && v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson)) {
    const op = v as { remove?: string; add?: [string, unknown] };
    if (op.remove !== undefined) return setAt(body, [...site.path, op.remove], undefined, true);
    if (op.add !== undefined) return setAt(body, [...site.path, op.add[0]], op.add[1]);
  }
  return setAt(body, site.path, planted.value);
};

/** Hostile content that may be valid where it goes (the handler must survive it either way). */
const noiseFor = (site: Site, room: number): fc.Arbitrary<Planted>[] => {
  const s = site.schema;
  const types = typesOf(s);
  const where = pathText(site.path);
  const out: fc.Arbitrary<Planted>[] = [];
  if (types !== 'any' && types.has('string') && !Array.isArray(s.enum) && typeof s.pattern !== 'string') {
    const max = typeof s.maxLength === 'number' ? s.maxLength : 2_000;
    const fitting = HOSTILE_STRINGS.filter((x) => x.length <= max);
    if (fitting.length > 0)
      out.push(fc.constantFrom(...fitting).map((x) => ({ value: x, label: `${where}:noise-string` })));
    out.push(
      fc.constantFrom(...INVALID_UTF8).map((b) => ({
        value: new RawBytes(Buffer.concat([Buffer.from('a'), b]), 'bad-utf8'),
        label: `${where}:noise-invalid-utf8`,
      })),
    );
    if (typeof s.maxLength !== 'number')
      out.push(
        fc
          .constant(Math.min(30_000, room))
          .map((n) => ({ value: huge(n), label: `${where}:noise-huge-string` })),
      );
  }
  if (types === 'any') {
    out.push(
      fc
        .constantFrom<unknown>(
          DEEP_ARRAY,
          DEEP_OBJECT,
          record([['$ne', null]]),
          MARKUP[0],
          record([['__proto__', record([['isAdmin', true]])]]),
        )
        .map((x) => ({ value: x, label: `${where}:noise-open-value` })),
    );
  }
  if (isRecord(site.value)) {
    out.push(
      fc.constant({
        value: { add: ['__proto__', record([['isAdmin', true]])] },
        label: `${where}:noise-__proto__`,
      }),
    );
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// Requests

export type RealValues = Readonly<Record<string, readonly string[]>>;

export interface GenerationContext {
  /** The route's body limit (`maxBodyBytes` of the contract; the document does not carry it). */
  readonly maxBodyBytes: number;
  /** Whether the route refuses unknown query parameters (its query schema is strict). */
  readonly strictQuery: boolean;
  /** Real values by parameter or field name (ids of the seeded resources). */
  readonly real: RealValues;
}

export interface HostileRequest {
  readonly operationId: string;
  readonly method: string;
  /** The request target's path, percent-encoded as sent. */
  readonly path: string;
  /** The query string as sent (no `?`); '' for none. */
  readonly query: string;
  /** Without `authorization` (the suite adds the caller's token). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  /** The caller's role (one the route allows); undefined for public routes. */
  readonly role: string | undefined;
  /** Violations the document says must be refused. */
  readonly violations: readonly string[];
  /** Hostile content that may be valid. */
  readonly noise: readonly string[];
  /** A raw `/` or an empty segment: the gateway may match another route or none. */
  readonly mayLeaveRoute: boolean;
  /** Path parameters that carry a real id of the seeded resources. */
  readonly realIds: number;
  /** Carries the markup marker (an HTML answer must not reflect it unescaped). */
  readonly markup: boolean;
}

interface Draft {
  segments: Record<string, { raw: string; decoded: string; real: boolean }>;
  query: [string, string][];
  headers: Record<string, string>;
  body: unknown;
  /** A body given as bytes (malformed JSON, padding), overriding `body`. */
  rawBody?: Buffer;
  violations: string[];
  noise: string[];
  mayLeaveRoute: boolean;
  markup: boolean;
}

const enc = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate has no UTF-8 form: its CESU-8 bytes
  }
};

const idempotencyKey = fc.stringMatching(/^[A-Za-z0-9_.:-]{8,40}$/);

const latin1 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

/** Values a path segment may take that break its schema (as decoded by the gateway). */
const hostileSegments = (
  schema: JsonSchema,
  allowRaw: boolean,
): { raw: string; decoded: string; label: string }[] => {
  const candidates: { raw: string; label: string }[] = [
    ...TRAVERSAL_SEGMENTS.map((raw) => ({ raw, label: `traversal(${raw})` })),
    ...CRLF_ENCODED.map((raw) => ({ raw, label: 'crlf' })),
    ...[...SQL, ...NOSQL, ...DYNAMO, ...MARKUP.slice(0, 3), ...UNICODE.slice(0, 12)].map((v) => ({
      raw: enc(v),
      label: 'injection',
    })),
    { raw: 'a'.repeat(65), label: 'too-long(65)' },
    { raw: 'A'.repeat(300), label: 'too-long(300)' },
    { raw: '1999', label: 'number(1999)' },
    { raw: '2101', label: 'number(2101)' },
    { raw: '2026.5', label: 'fraction' },
    { raw: '-2026', label: 'negative' },
    { raw: '1e999', label: 'infinity' },
    { raw: '99999999999999999999', label: 'huge-number' },
    { raw: 'NaN', label: 'nan' },
    { raw: '01ARZ3NDEKTSV4RRFFQ69G5FA', label: 'ulid-25' },
    { raw: '01arz3ndektsv4rrffq69g5fav', label: 'ulid-lowercase' },
    { raw: '01ARZ3NDEKTSV4RRFFQ69G5FAVX', label: 'ulid-27' },
    { raw: 'IIIIIIIIIIIIIIIIIIIIIIIIII', label: 'ulid-bad-alphabet' },
  ];
  if (allowRaw) candidates.push(...TRAVERSAL_RAW.map((raw) => ({ raw, label: `raw-traversal(${raw})` })));
  return candidates
    .map((c) => ({ ...c, decoded: decodeSegment(c.raw) }))
    .filter((c) => !paramValidates(schema, c.decoded));
};

const hostileQueryValues = (schema: JsonSchema): { raw: string; label: string }[] =>
  [
    { raw: 'abc', label: 'text' },
    { raw: '0', label: 'zero' },
    { raw: '101', label: '101' },
    { raw: '-1', label: 'negative' },
    { raw: '1.5', label: 'fraction' },
    { raw: '1e999', label: 'infinity' },
    { raw: 'x'.repeat(2_049), label: 'too-long(2049)' },
    { raw: enc('{"$ne":null}'), label: 'nosql' },
    { raw: enc("' OR '1'='1"), label: 'sql' },
    { raw: enc('#PK'), label: 'dynamo' },
    { raw: enc(MARKUP_MARKER), label: 'markup' },
    { raw: '%2e%2e%2f%2e%2e%2f', label: 'traversal' },
    { raw: 'a%0d%0aSet-Cookie:x', label: 'crlf' },
    { raw: '%ED%A0%80', label: 'lone-surrogate' },
    { raw: '%FF', label: 'bad-utf8' },
    { raw: '', label: 'empty' },
  ].filter((c) => !paramValidates(schema, decodeQuery(c.raw)));

/** Strings a free-text query parameter or a cursor takes by its schema (forged and broken cursors too). */
const FREE_QUERY_VALUES: readonly string[] = [
  ...HOSTILE_STRINGS.filter((v) => !/[\ud800-\udfff]/.test(v) || /[\ud800-\udbff][\udc00-\udfff]/.test(v)),
  'eyJwayI6IkEjYmVpamluZyNDWUNMRSIsInNrIjoiIn0',
  'eyJhIjoxfQ.c2lnbmF0dXJl',
  'AAAAAAAAAAAAAAAAAAAAAA==',
  '%%%',
  'x'.repeat(2_048),
  'A#beijing#NOMINATION#01ARZ3NDEKTSV4RRFFQ69G5FAV',
];

/** URLSearchParams' decoding (what the gateway applies to the query string). */
export const decodeQuery = (raw: string): string => new URLSearchParams(`v=${raw}`).get('v') ?? '';

/** A hostile request for one operation. */
export const hostileRequest = (op: OperationSpec, ctx: GenerationContext): fc.Arbitrary<HostileRequest> => {
  const real = ctx.real;
  const role = op.roles === 'public' ? fc.constant(undefined) : fc.constantFrom(...op.roles);

  const segment = (p: ParamSpec) => {
    const realOk = (real[p.name] ?? []).filter((v) => paramValidates(p.schema, v));
    const valid = plausible(p.schema, {}, p.name).map((v) => ({
      raw: enc(String(v)),
      decoded: String(v),
      real: false,
    }));
    return realOk.length > 0
      ? fc.oneof(
          {
            arbitrary: fc.constantFrom(...realOk).map((v) => ({ raw: enc(v), decoded: v, real: true })),
            weight: 3,
          },
          { arbitrary: valid, weight: 1 },
        )
      : valid;
  };
  const segments = fc.tuple(...op.pathParams.map((p) => segment(p).map((s) => [p.name, s] as const)));

  const queryValue = (p: ParamSpec) => {
    const realOk = (real[p.name] ?? []).filter((v) => paramValidates(p.schema, v));
    const valid = plausible(p.schema, {}, p.name).map((v) => String(v));
    return realOk.length > 0 ? fc.oneof(fc.constantFrom(...realOk), valid) : valid;
  };
  const query = fc.tuple(
    ...op.queryParams.map((p) =>
      p.required
        ? queryValue(p).map((v) => [p.name, v] as const)
        : fc.option(
            queryValue(p).map((v) => [p.name, v] as const),
            { nil: undefined },
          ),
    ),
  );

  const body = op.body ? plausible(op.body, real) : fc.constant(undefined);
  const base = fc.record({
    role,
    segments,
    query,
    body,
    key: fc.option(idempotencyKey, { nil: undefined }),
    ifMatch: fc.constantFrom('"1"', '"2"', '*', '"1", "2"'),
  });

  // Built once per operation (decoding and matching dozens of candidates is the costly part).
  const badSegments = new Map(
    op.pathParams.map((p) => [p.name, hostileSegments(p.schema, op.safe)] as const),
  );
  const badQueryValues = new Map(op.queryParams.map((p) => [p.name, hostileQueryValues(p.schema)] as const));
  const freeQueryValues = new Map(
    op.queryParams.map(
      (p) => [p.name, FREE_QUERY_VALUES.filter((v) => paramValidates(p.schema, v))] as const,
    ),
  );

  return base.chain((b) => {
    const draft = (): Draft => ({
      segments: Object.fromEntries(b.segments.map(([k, v]) => [k, { ...v }])),
      query: b.query
        .filter((q): q is readonly [string, string] => q !== undefined)
        .map(([k, v]) => [k, enc(v)]),
      headers: {
        ...(b.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(op.idempotent && b.key ? { 'idempotency-key': b.key } : {}),
        ...(op.requiresIfMatch ? { 'if-match': b.ifMatch } : {}),
      },
      body: b.body,
      violations: [],
      noise: [],
      mayLeaveRoute: false,
      markup: false,
    });
    const bodyBytes = b.body === undefined ? 0 : serialize(b.body).length;
    const room = Math.max(0, Math.min(ctx.maxBodyBytes - bodyBytes - 512, 60_000));
    const sites = op.body && b.body !== undefined ? sitesOf(op.body, b.body) : [];

    type Mutation = fc.Arbitrary<(d: Draft) => void>;
    const violations: { arbitrary: Mutation; weight: number }[] = [];
    const noise: Mutation[] = [];

    // Body: a violation at one node of the body (checked against the whole schema below).
    // One node of the body (each with its candidates built only when chosen), then one candidate.
    const atSomeSite = (candidates: (site: Site, room: number) => fc.Arbitrary<Planted>[]) =>
      fc.nat({ max: Math.max(0, sites.length - 1) }).chain((i) => {
        const site = sites[i] as Site;
        const c = candidates(site, room);
        return c.length > 0 ? fc.oneof(...c).map((p) => ({ site, p })) : fc.constant(undefined);
      });
    if (sites.length > 0) {
      violations.push({
        arbitrary: atSomeSite(siteViolations).map((x) => (d: Draft) => {
          if (!x) return;
          d.body = plant(d.body, x.site, x.p);
          d.violations.push(`body:${x.p.label}`);
        }),
        weight: 10,
      });
    }
    // Body: the conventions the issue names (dates, resident IDs, fen), wherever the body has them.
    const conventionSites = sites.filter(isConventionSite);
    if (conventionSites.length > 0) {
      violations.push({
        arbitrary: fc.constantFrom(...conventionSites).chain((site) => {
          const c = conventionViolations(site);
          return (c.length > 0 ? fc.oneof(...c) : fc.constant(undefined)).map((p) => (d: Draft) => {
            if (!p) return;
            d.body = plant(d.body, site, p);
            d.violations.push(`body:${p.label}`);
          });
        }),
        weight: 5,
      });
    }
    // Body: an attribute no programme has, refused by the catalogue (past the request guard).
    const attributeSites = sites.filter(isAttributesSite);
    if (attributeSites.length > 0) {
      violations.push({
        arbitrary: fc
          .tuple(fc.constantFrom(...attributeSites), unknownAttribute(), idempotencyKey)
          .map(([site, p, key]) => (d: Draft) => {
            d.body = plant(d.body, site, p);
            // With a key: the idempotency layer, past the guard, fingerprints the whole body.
            if (op.idempotent) d.headers['idempotency-key'] = key;
            d.violations.push(`body:${pathText(site.path)}:${p.label}`);
          }),
        weight: 5,
      });
    }
    // Body: an opaque body that is none of what its route documents (see isOpaqueBody).
    const root = sites[0];
    if (root && isOpaqueBody(root)) {
      violations.push({
        arbitrary: fc.tuple(opaqueBody(), idempotencyKey).map(([p, key]) => (d: Draft) => {
          d.body = plant(d.body, root, p);
          d.headers['content-type'] = 'application/json';
          if (op.idempotent) d.headers['idempotency-key'] = key;
          d.violations.push(`body:${p.label}`);
        }),
        weight: 8,
      });
    }
    // Body: not the shape at all.
    if (op.body) {
      violations.push({
        arbitrary: fc
          .constantFrom<unknown>(DEEP_ARRAY, [], null, 42, 'string', true, record([['$ne', null]]), [
            b.body ?? null,
          ])
          .map((v) => (d: Draft) => {
            d.body = v;
            d.headers['content-type'] = 'application/json';
            d.violations.push(`body:shape(${v instanceof RawJson ? v.label : jsonTypeOf(v)})`);
          }),
        weight: 2,
      });
    } else {
      violations.push({
        arbitrary: fc
          .constantFrom<unknown>(
            record([['cycleId', 'x']]),
            DEEP_ARRAY,
            [1],
            'x',
            record([['$where', 'sleep(1)']]),
          )
          .map((v) => (d: Draft) => {
            d.body = v;
            d.headers['content-type'] = 'application/json';
            d.violations.push('body:takes-no-body');
          }),
        weight: 2,
      });
    }
    // Transport: not JSON, not sent as JSON, too large.
    violations.push({
      arbitrary: fc
        .oneof(
          fc.constantFrom(...MALFORMED_JSON).map((t) => Buffer.from(t, 'utf8')),
          fc
            .constantFrom(...INVALID_UTF8)
            .map((bytes) => Buffer.concat([Buffer.from('{"a":'), bytes, Buffer.from('}')])),
        )
        .map((raw) => (d: Draft) => {
          d.rawBody = raw;
          d.headers['content-type'] = 'application/json';
          d.violations.push('transport:malformed-json');
        }),
      weight: 2,
    });
    violations.push({
      arbitrary: fc
        .option(fc.constantFrom(...WRONG_CONTENT_TYPES), { nil: undefined, freq: 6 })
        .map((ct) => (d: Draft) => {
          if (d.body === undefined) d.body = record([['a', 1]]);
          if (ct === undefined) delete d.headers['content-type'];
          else d.headers['content-type'] = ct;
          d.violations.push(`transport:content-type(${ct ?? 'none'})`);
        }),
      weight: 2,
    });
    violations.push({
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 2_048 }), fc.constantFrom('x', '王'))
        .map(([extra, unit]) => (d: Draft) => {
          const prefix = serialize(d.body === undefined || !isRecord(d.body) ? record() : d.body);
          const head = prefix.length > 2 ? `${prefix.subarray(0, prefix.length - 1).toString('utf8')},` : '{';
          // head + `"_pad":"` (8 bytes) + padding + `"}` (2 bytes) ends `extra` bytes past the limit.
          const unitBytes = Buffer.byteLength(unit);
          const count = Math.ceil((ctx.maxBodyBytes + extra - Buffer.byteLength(head) - 10) / unitBytes);
          d.rawBody = Buffer.from(`${head}"_pad":"${unit.repeat(Math.max(1, count))}"}`, 'utf8');
          d.headers['content-type'] = 'application/json';
          d.violations.push(`transport:too-large(${unit === 'x' ? 'ascii' : 'multibyte'})`);
        }),
      weight: ctx.maxBodyBytes > 1_000_000 ? 0.2 : 1,
    });
    // Headers.
    violations.push({
      arbitrary: fc.constantFrom(...BAD_IF_MATCH).map((v) => (d: Draft) => {
        d.headers['if-match'] = v;
        d.violations.push(`header:if-match(${v})`);
      }),
      weight: 1,
    });
    if (op.requiresIfMatch) {
      violations.push({
        arbitrary: fc.constant((d: Draft) => {
          delete d.headers['if-match'];
          d.violations.push('header:if-match-missing');
        }),
        weight: 2,
      });
    }
    if (op.idempotent) {
      violations.push({
        arbitrary: fc.constantFrom(...BAD_IDEMPOTENCY_KEYS).map((k) => (d: Draft) => {
          d.headers['idempotency-key'] = latin1(k);
          d.violations.push('header:idempotency-key');
        }),
        weight: 2,
      });
    }
    // Path parameters.
    for (const p of op.pathParams) {
      const bad = badSegments.get(p.name) ?? [];
      if (bad.length === 0) continue;
      violations.push({
        arbitrary: fc.constantFrom(...bad).map((h) => (d: Draft) => {
          d.segments[p.name] = { raw: h.raw, decoded: h.decoded, real: false };
          if (h.raw.includes('/') || h.raw === '') d.mayLeaveRoute = true;
          d.violations.push(`path:${p.name}:${h.label}`);
          if (h.decoded.includes(MARKUP_MARKER)) d.markup = true;
        }),
        weight: 3 / op.pathParams.length,
      });
    }
    // Query parameters.
    for (const p of op.queryParams) {
      const bad = badQueryValues.get(p.name) ?? [];
      if (bad.length === 0) continue;
      violations.push({
        arbitrary: fc.constantFrom(...bad).map((h) => (d: Draft) => {
          d.query = d.query.filter(([k]) => k !== p.name);
          d.query.push([p.name, h.raw]);
          d.violations.push(`query:${p.name}:${h.label}`);
          if (h.label === 'markup') d.markup = true;
        }),
        weight: 2 / op.queryParams.length,
      });
      // The same parameter twice: the gateway joins the values with a comma.
      if (!paramValidates(p.schema, '1,2')) {
        violations.push({
          arbitrary: fc.constant((d: Draft) => {
            d.query = d.query.filter(([k]) => k !== p.name);
            d.query.push([p.name, '1'], [p.name, '2']);
            d.violations.push(`query:${p.name}:repeated`);
          }),
          weight: 0.3,
        });
      }
    }
    if (ctx.strictQuery) {
      violations.push({
        arbitrary: fc
          .constantFrom(
            'debug',
            'admin',
            'agencyId',
            'cycleId[$ne]',
            'limit%20',
            'x%00',
            'constructor',
            '%2e%2e',
          )
          .filter((k) => !op.queryParams.some((p) => p.name === decodeQuery(k)))
          .map((k) => (d: Draft) => {
            d.query.push([k, '1']);
            d.violations.push(`query:unknown(${k})`);
          }),
        weight: 1,
      });
    }

    // Noise.
    if (sites.length > 0) {
      noise.push(
        atSomeSite(noiseFor).map((x) => (d: Draft) => {
          if (!x) return;
          d.body = plant(d.body, x.site, x.p);
          d.noise.push(`body:${x.p.label}`);
        }),
      );
    }
    noise.push(
      fc
        .constantFrom<[string, string]>(
          ['x-forwarded-for', '127.0.0.1, 10.0.0.1'],
          ['x-http-method-override', 'DELETE'],
          ['x-amz-security-token', 'x'],
          ['x-original-url', '/admin'],
          ['accept', '../../etc/passwd'],
          ['user-agent', latin1(`${SQL[0]} ${MARKUP_MARKER}`)],
          ['x-tenant', 'beijing'],
          ['x-api-key', '{"$ne":null}'],
          ['content-type', 'application/json; charset=utf-16'],
          ['content-type', 'APPLICATION/JSON'],
          ['content-type', 'application/merge-patch+json'],
        )
        .map(([k, v]) => (d: Draft) => {
          if (k === 'content-type' && d.body === undefined) return;
          d.headers[k] = v;
          d.noise.push(`header:${k}`);
        }),
    );
    // Query values the schema takes but a handler may choke on (free text, cursors).
    for (const p of op.queryParams) {
      const values = freeQueryValues.get(p.name) ?? [];
      if (values.length === 0) continue;
      noise.push(
        fc.constantFrom(...values).map((v) => (d: Draft) => {
          d.query = d.query.filter(([k]) => k !== p.name);
          d.query.push([p.name, enc(v)]);
          d.noise.push(`query:${p.name}:noise`);
          if (v.includes(MARKUP_MARKER)) d.markup = true;
        }),
      );
    }
    if (op.queryParams.length === 0 || !ctx.strictQuery) {
      noise.push(
        fc
          .constantFrom(
            'debug=true',
            'agencyId=beijing',
            'callback=%3Cscript%3E',
            '__proto__[isAdmin]=1',
            'a=%ED%A0%80',
          )
          .map((q) => (d: Draft) => {
            const [k, v] = q.split('=') as [string, string];
            d.query.push([k, v]);
            d.noise.push('query:ignored-parameter');
          }),
      );
    }

    // fast-check takes integer weights: tenths.
    const one = fc.oneof(
      ...violations.map((v) => ({ arbitrary: v.arbitrary, weight: Math.max(1, Math.round(v.weight * 10)) })),
    );
    // Mostly one violation (so the rest of the request is valid and it travels as deep as it can), else two.
    const some =
      violations.length === 0
        ? fc.constant([])
        : fc.oneof(
            { arbitrary: one.map((v) => [v]), weight: 3 },
            { arbitrary: fc.tuple(one, one).map(([a, b]) => [a, b]), weight: 1 },
          );
    const primary = op.safe
      ? fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: some, weight: 3 })
      : some;
    const extra = fc.array(fc.oneof(...noise), { minLength: 0, maxLength: 2 });

    return fc.tuple(primary, extra, fc.constantFrom(...BAD_IF_MATCH)).map(([vs, ns, fallbackIfMatch]) => {
      const d = draft();
      // Noise first, violations last: a violation is never repaired by noise.
      for (const n of ns) n(d);
      for (const v of vs) v(d);
      return finish(op, ctx, d, fallbackIfMatch, b.role);
    });
  });
};

/** Serializes a draft, keeps only the violations that hold in the final request, and guarantees one for writes. */
const finish = (
  op: OperationSpec,
  ctx: GenerationContext,
  d: Draft,
  fallbackIfMatch: string,
  role: string | undefined,
): HostileRequest => {
  let bytes = d.rawBody ?? (d.body === undefined ? undefined : serialize(d.body));
  let parsedOnce: ReturnType<typeof parsedBody> | undefined;
  const parsed = (): ReturnType<typeof parsedBody> => {
    parsedOnce ??= bytes ? parsedBody(bytes) : { ok: false };
    return parsedOnce;
  };
  const holds = (label: string): boolean => {
    if (label.startsWith('body:') && !label.startsWith('body:takes-no-body')) {
      // A body past the limit is refused for its size before anyone reads it: no claim about it.
      if (!bytes || !op.body || bytes.length > ctx.maxBodyBytes) return false;
      const body = parsed();
      if (!body.ok) return true; // not JSON at all: refused before the schema
      // Resident IDs, dates and fen: planted from lists that break the documented convention.
      if (/:(resident-id|invalid-date|fen)\(/.test(label)) return true;
      // An unknown programme attribute: refused by the catalogue's strict category schema.
      if (/:unknown-attribute\(/.test(label)) return true;
      // An opaque body holding only keys no programme or calendar has.
      if (label.startsWith('body:opaque-body(')) return true;
      return !validates(op.body, body.value);
    }
    if (label === 'body:takes-no-body') {
      if (!bytes || op.body) return false;
      const body = parsed();
      return !body.ok || !isRecord(body.value) || Object.keys(body.value).length > 0;
    }
    if (label.startsWith('transport:malformed-json'))
      return bytes !== undefined && bytes.length > 0 && !parsed().ok;
    if (label.startsWith('transport:content-type')) {
      const ct = (d.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      return (
        bytes !== undefined &&
        bytes.length > 0 &&
        ct !== 'application/json' &&
        ct !== 'application/merge-patch+json'
      );
    }
    if (label.startsWith('transport:too-large'))
      return bytes !== undefined && bytes.length > ctx.maxBodyBytes;
    if (label.startsWith('header:if-match(')) {
      const v = d.headers['if-match'];
      return (
        v !== undefined && v.trim() !== '*' && !v.split(',').some((t) => /^"(\d{1,15})"$/.test(t.trim()))
      );
    }
    if (label === 'header:if-match-missing') return op.requiresIfMatch && d.headers['if-match'] === undefined;
    if (label === 'header:idempotency-key') {
      const k = d.headers['idempotency-key'];
      return op.idempotent && k !== undefined && !/^[A-Za-z0-9_.:-]{1,128}$/.test(k.trim());
    }
    if (label.startsWith('path:')) {
      const name = label.split(':')[1] as string;
      const p = op.pathParams.find((x) => x.name === name);
      const s = d.segments[name];
      return p !== undefined && s !== undefined && !paramValidates(p.schema, s.decoded);
    }
    if (label.startsWith('query:unknown')) return ctx.strictQuery;
    if (label.startsWith('query:')) {
      const name = label.split(':')[1] as string;
      const p = op.queryParams.find((x) => x.name === name);
      const values = d.query.filter(([k]) => k === name).map(([, v]) => decodeQuery(v));
      return p !== undefined && values.length > 0 && !paramValidates(p.schema, values.join(','));
    }
    return false;
  };
  let violations = [...new Set(d.violations)].filter(holds);
  // A body that grew past the limit (noise, long values) is refused for its size too.
  if (
    bytes &&
    bytes.length > ctx.maxBodyBytes &&
    !violations.some((v) => v.startsWith('transport:too-large'))
  )
    violations.push('transport:too-large(grown)');
  if (!op.safe && violations.length === 0) {
    d.headers['if-match'] = fallbackIfMatch;
    violations = [`header:if-match(${fallbackIfMatch})`];
  }
  if (bytes && bytes.length === 0) bytes = undefined;
  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => d.segments[name]?.raw ?? '');
  const query = d.query.map(([k, v]) => `${k}=${v}`).join('&');
  const segs = Object.values(d.segments);
  const markup =
    d.markup ||
    (bytes?.includes(MARKUP_MARKER) ?? false) ||
    query.includes(encodeURIComponent(MARKUP_MARKER));
  return {
    operationId: op.operationId,
    method: op.method,
    path,
    query,
    headers: d.headers,
    body: bytes,
    role,
    violations,
    noise: d.noise,
    mayLeaveRoute: d.mayLeaveRoute || segs.some((s) => s.raw === '' || s.raw.includes('/')),
    realIds: segs.filter((s) => s.real).length,
    markup,
  };
};

// ---------------------------------------------------------------------------------------------
// The oracle

export interface ObservedResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly text: string;
}

/**
 * What is wrong with a response to a hostile request (empty: nothing): a 5xx; a 4xx that is not
 * problem+json with `type`, `title` and `status` equal to the HTTP status (a 422 also with
 * `errors[]`, each with `field` — the document's Problem schema — and `ruleId`); a 2xx or 3xx to a
 * request with a definite violation; an HTML answer that reflects the markup marker unescaped.
 * The gateway's own 404 for a path that matches no route is accepted when the request left its
 * route (raw `/`, empty segment), as API Gateway answers that before any handler.
 */
export const problemsOf = (req: HostileRequest, res: ObservedResponse): string[] => {
  const out: string[] = [];
  const media = (res.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (res.status >= 500) out.push(`${res.status} server error`);
  if (res.status >= 400 && res.status < 500) {
    const gatewayNotFound =
      req.mayLeaveRoute &&
      res.status === 404 &&
      media === 'application/json' &&
      res.text === '{"message":"Not Found"}';
    if (!gatewayNotFound) {
      if (media !== 'application/problem+json')
        out.push(`${res.status} with content-type ${res.contentType ?? '(none)'}`);
      let body: Record<string, unknown> | undefined;
      try {
        const parsed = JSON.parse(res.text) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
      } catch {
        // reported below
      }
      if (!body) out.push(`${res.status} body is not a JSON object`);
      else {
        if (typeof body.type !== 'string' || body.type === '') out.push(`${res.status} problem without type`);
        if (typeof body.title !== 'string' || body.title === '')
          out.push(`${res.status} problem without title`);
        if (body.status !== res.status)
          out.push(`${res.status} problem with status ${JSON.stringify(body.status)}`);
        if (res.status === 422) {
          const errors = body.errors;
          if (!Array.isArray(errors) || errors.length === 0) out.push('422 without errors[]');
          else if (
            !errors.every(
              (e) =>
                e &&
                typeof e === 'object' &&
                typeof e.field === 'string' &&
                typeof e.ruleId === 'string' &&
                e.ruleId !== '',
            )
          )
            out.push('422 with an errors[] entry lacking field or ruleId');
        }
      }
    }
  }
  // Every write request carries a definite violation: any success is a failure, labelled or not.
  if (res.status < 400 && (req.violations.length > 0 || req.method !== 'GET'))
    out.push(`${res.status} to a ${req.method} with violations ${req.violations.join(', ') || '(none)'}`);
  if (res.status < 300 && req.markup && media === 'text/html' && res.text.includes(MARKUP_MARKER))
    out.push('HTML reflects <script> unescaped');
  return out;
};

/**
 * One line naming a request (for failure reports; the body cut short), with anything that looks
 * like a resident ID or mobile number masked, as the platform's logs are (X-RESIDENT-ID): the
 * run's log scan reads this output too.
 */
export const describeRequest = (r: HostileRequest): string => redactPersonalData(describeRaw(r));
const describeRaw = (r: HostileRequest): string => {
  const body = r.body
    ? r.body
        .subarray(0, 300)
        .toString('utf8')
        .replace(/[\r\n]/g, '⏎')
    : '';
  const headers = Object.entries(r.headers)
    .map(([k, v]) => `${k}: ${v.slice(0, 60)}`)
    .join('; ');
  return `${r.method} ${r.path.slice(0, 200)}${r.query ? `?${r.query.slice(0, 200)}` : ''} [${r.role ?? 'public'}] {${headers}} ${r.body ? `${r.body.length}B ` : ''}${body} — violations: ${r.violations.join(', ') || 'none'}; noise: ${r.noise.join(', ') || 'none'}`;
};
