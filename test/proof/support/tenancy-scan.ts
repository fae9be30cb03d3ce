/**
 * The tenancy proof's pure parts: the operations of the OpenAPI document (x-roles, parameters,
 * bodies), matching a concrete request to its operation, harvesting the identifiers and the
 * personal data one agency's requests and responses carry, minimal bodies generated from the
 * request schemas, and the scanner that looks for another agency's values in a response body
 * (JSON by field path, CSV/HTML as text, XLSX unzipped), printing only masked values.
 */
import { unzipSync } from 'fflate';
import { maskPhone, maskResidentId } from '../../../packages/kernel/src/index';

export type Role = 'admin' | 'reviewer' | 'unit' | 'finance' | 'auditor';
export const ROLES: readonly Role[] = ['admin', 'reviewer', 'unit', 'finance', 'auditor'];

type JsonSchema = Record<string, unknown>;

export interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly roles: readonly Role[] | 'public';
  readonly tags: readonly string[];
  readonly pathParams: readonly string[];
  readonly queryParams: readonly { name: string; required: boolean; schema: JsonSchema }[];
  readonly body?: JsonSchema;
  readonly requiresIfMatch: boolean;
  /** Number of literal segments (the more, the more specific: `/nominations/health` before `/nominations/{id}`). */
  readonly literals: number;
  readonly pattern: RegExp;
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Record<string, unknown>>>;
  readonly components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export const operationsOf = (doc: OpenApiDocument): Operation[] => {
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = (raw.parameters ?? []) as {
        name: string;
        in: string;
        required?: boolean;
        schema: JsonSchema;
      }[];
      const pathParams = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      const segments = template.split('/').filter(Boolean);
      const content = (raw.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
        ?.content;
      const body = content?.['application/json']?.schema;
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) =>
          part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`),
        )
        .join('');
      out.push({
        operationId: raw.operationId as string,
        method: method.toUpperCase(),
        template,
        roles: raw['x-roles'] === 'public' ? 'public' : (raw['x-roles'] as Role[]),
        tags: (raw.tags ?? []) as string[],
        pathParams,
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema })),
        ...(body ? { body } : {}),
        requiresIfMatch: parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match'),
        literals: segments.filter((s) => !s.startsWith('{')).length,
        pattern: new RegExp(`^${source}$`),
      });
    }
  }
  return out;
};

/** The operation a concrete request (path without query) is for, and its path parameters by name. */
export const matchOperation = (
  operations: readonly Operation[],
  method: string,
  path: string,
): { operation: Operation; params: Record<string, string> } | undefined => {
  const candidates = operations
    .filter((o) => o.method === method.toUpperCase())
    .map((o) => ({ o, m: o.pattern.exec(path) }))
    .filter((c): c is { o: Operation; m: RegExpExecArray } => c.m !== null)
    .sort((a, b) => b.o.literals - a.o.literals);
  const best = candidates[0];
  if (!best) return undefined;
  const params: Record<string, string> = {};
  best.o.pathParams.forEach((name, i) => {
    params[name] = decodeURIComponent(best.m[i + 1] as string);
  });
  return { operation: best.o, params };
};

export const fillPath = (template: string, params: Record<string, string>): string =>
  template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? 'missing'));

// ---------------------------------------------------------------------------------------------
// Walking values

/** Every string (and object key) in a JSON value, with its field path (`body.items[0].nominee.name`). */
export const walkStrings = (
  value: unknown,
  visit: (path: string, text: string, key: string | undefined) => void,
  path = 'body',
  key?: string,
): void => {
  if (typeof value === 'string') visit(path, value, key);
  else if (typeof value === 'number') visit(path, String(value), key);
  else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      walkStrings(v, visit, `${path}[${i}]`, key);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      visit(`${path}{key ${k.length} chars}`, k, undefined);
      walkStrings(v, visit, `${path}.${k}`, k);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Harvest: what one agency's traffic carries

export const ULID = /(?<![0-9A-Za-z])[0-9A-HJKMNP-TV-Z]{26}(?![0-9A-Za-z])/g;
const RESIDENT_ID = /^\d{17}[\dXx]$/;
const PHONE = /^1\d{10}$/;

export interface Harvest {
  /** Identifier values by the name they appeared under (keys ending in Id, path and query parameter names). */
  readonly byName: Map<string, Set<string>>;
  readonly ulids: Set<string>;
  readonly residentIds: Set<string>;
  readonly phones: Set<string>;
}

export const emptyHarvest = (): Harvest => ({
  byName: new Map(),
  ulids: new Set(),
  residentIds: new Set(),
  phones: new Set(),
});

const addName = (h: Harvest, name: string, value: string) => {
  let set = h.byName.get(name);
  if (!set) {
    set = new Set();
    h.byName.set(name, set);
  }
  set.add(value);
};

/** Identifiers in a response (or request) body: values under keys ending in Id/Ids, every ULID. */
export const harvestBody = (h: Harvest, body: unknown): void => {
  walkStrings(body, (_path, text, key) => {
    for (const m of text.matchAll(ULID)) h.ulids.add(m[0]);
    if (key === undefined) return;
    if (/Id$/.test(key) && text.length > 0) addName(h, key, text);
    if (/Ids$/.test(key)) addName(h, key.slice(0, -1), text);
    if (/residentId$/i.test(key) && RESIDENT_ID.test(text)) h.residentIds.add(text.toUpperCase());
    if (/(phone|contact)$/i.test(key) && PHONE.test(text)) h.phones.add(text);
  });
};

/** Personal data a request body submits (resident IDs, phone numbers), wherever they sit. */
export const harvestSubmitted = (h: Harvest, body: unknown): void => {
  walkStrings(body, (_path, text, key) => {
    if (key === undefined) return;
    if (RESIDENT_ID.test(text)) h.residentIds.add(text.toUpperCase());
    if (/(phone|contact)$/i.test(key) && PHONE.test(text)) h.phones.add(text);
  });
};

export const harvestParams = (h: Harvest, params: Record<string, string>): void => {
  for (const [name, value] of Object.entries(params)) {
    addName(h, name, value);
    for (const m of value.matchAll(ULID)) h.ulids.add(m[0]);
  }
};

// ---------------------------------------------------------------------------------------------
// Needles: the values of agency A that must never reach agency B

export type NeedleKind = 'id' | 'resident-id' | 'resident-id-masked' | 'phone' | 'phone-masked';
export interface Needle {
  readonly value: string;
  readonly kind: NeedleKind;
  /** The value whose presence in the request makes this needle an echo (the full ID for a masked one). */
  readonly source: string;
}

/** Names whose values are shared constants or not identifiers of A's records. */
const NOT_RECORD_IDS = new Set([
  'programmeId',
  'stageId',
  'agencyId',
  'ruleId',
  'targetId',
  'toCycleId',
  'version',
  'year',
  'kind',
  'city',
  'currentStageId',
  'basedOnProgrammeId',
  'requestId',
  'residentId',
]);

/** Does a name hold identifiers of records (not constants, not personal data)? */
export const isRecordIdName = (name: string) => /Id$/.test(name) && !NOT_RECORD_IDS.has(name);

/**
 * A's identifiers (every ULID; values of record-id names, 6+ characters, not numbers or dates)
 * minus anything another agency's traffic also holds (shared constants), and A's personal data
 * (full and in the masked form the API prints).
 */
export const needlesFor = (
  a: Harvest,
  others: readonly Harvest[],
  constants: ReadonlySet<string>,
): Needle[] => {
  const shared = new Set<string>(constants);
  for (const o of others) {
    for (const set of o.byName.values()) for (const v of set) shared.add(v);
    for (const v of o.ulids) shared.add(v);
  }
  const ids = new Set<string>();
  for (const [name, set] of a.byName) {
    if (NOT_RECORD_IDS.has(name)) continue;
    for (const v of set) {
      if (v.length < 6 || /^\d+$/.test(v) || /^\d{4}-\d{2}-\d{2}/.test(v) || v.includes('*')) continue;
      if (RESIDENT_ID.test(v)) continue;
      ids.add(v);
    }
  }
  for (const v of a.ulids) ids.add(v);
  const needles: Needle[] = [...ids]
    .filter((v) => !shared.has(v))
    .map((value) => ({ value, kind: 'id' as const, source: value }));
  for (const id of a.residentIds) {
    needles.push({ value: id, kind: 'resident-id', source: id });
    needles.push({ value: maskResidentId(id), kind: 'resident-id-masked', source: id });
  }
  for (const p of a.phones) {
    needles.push({ value: p, kind: 'phone', source: p });
    needles.push({ value: maskPhone(p), kind: 'phone-masked', source: p });
  }
  return needles;
};

/** What a failure prints instead of a value: its kind, length and a hint that identifies nothing personal. */
export const maskValue = (needle: Needle): string =>
  needle.kind === 'id'
    ? `id ${needle.value.slice(0, 4)}…(${needle.value.length} chars)`
    : `${needle.kind} ${'*'.repeat(needle.value.length)}`;

/** A text (request path, body, claims) as an echo test: does it hold the value, any case? */
export const echoOf = (...texts: string[]) => {
  const upper = texts.join('\n').toUpperCase();
  return (source: string) => upper.includes(source.toUpperCase());
};

// ---------------------------------------------------------------------------------------------
// Scanning a response

export interface Hit {
  readonly path: string;
  readonly kind: NeedleKind;
  readonly masked: string;
}

const isXlsx = (contentType: string, bytes: Uint8Array) =>
  contentType.includes('spreadsheetml') || (bytes[0] === 0x50 && bytes[1] === 0x4b);

/**
 * The needles found in a response (body, plus the headers that carry values: location), except
 * those `isEcho` says the caller supplied itself (the path, query, body and token claims B sent,
 * or stored as its own data — an error naming the id B asked for reveals nothing). Field paths
 * for JSON; `xlsx:<part>` and `text:<line>` otherwise.
 */
export const scanResponse = (
  response: { contentType: string; bytes: Uint8Array; headers?: Record<string, string> },
  needles: readonly Needle[],
  isEcho: (source: string) => boolean = () => false,
): Hit[] => {
  const active = needles.filter((n) => !isEcho(n.source));
  if (active.length === 0) return [];
  const hits: Hit[] = [];
  const look = (path: string, text: string) => {
    const upper = text.toUpperCase();
    for (const n of active) {
      if (upper.includes(n.value.toUpperCase())) hits.push({ path, kind: n.kind, masked: maskValue(n) });
    }
  };
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (name === 'location' || name.startsWith('x-') || name === 'content-disposition')
      look(`header.${name}`, value);
  }
  const { contentType, bytes } = response;
  if (bytes.length === 0) return hits;
  if (isXlsx(contentType, bytes)) {
    let parts: Record<string, Uint8Array>;
    try {
      parts = unzipSync(bytes);
    } catch {
      look('binary', Buffer.from(bytes).toString('latin1'));
      return hits;
    }
    for (const [name, data] of Object.entries(parts))
      look(`xlsx:${name}`, Buffer.from(data).toString('utf8'));
    return hits;
  }
  const text = Buffer.from(bytes).toString('utf8');
  if (contentType.includes('json')) {
    try {
      walkStrings(JSON.parse(text), (path, s) => look(path, s));
      return hits;
    } catch {
      // not JSON after all: scan as text
    }
  }
  text.split('\n').forEach((line, i) => {
    look(`text:${i + 1}`, line);
  });
  return hits;
};

// ---------------------------------------------------------------------------------------------
// Minimal bodies from the request schemas

const resolveRef = (schema: JsonSchema, doc: OpenApiDocument): JsonSchema => {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    return doc.components?.schemas?.[ref.slice('#/components/schemas/'.length)] ?? {};
  }
  return schema;
};

/**
 * A small instance of a JSON Schema: required properties only, the first enum value, the
 * minimum length/number/items; strings under id-like names take a value `pick` offers (A's ids).
 */
export const minimalInstance = (
  raw: JsonSchema,
  doc: OpenApiDocument,
  pick: (name: string) => string | undefined,
  name = '',
  depth = 0,
): unknown => {
  const schema = resolveRef(raw, doc);
  if (depth > 8) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives?.[0]) return minimalInstance(alternatives[0], doc, pick, name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(
        required
          .filter((k) => props[k])
          .map((k) => [k, minimalInstance(props[k] as JsonSchema, doc, pick, k, depth + 1)]),
      );
    }
    case 'array': {
      const n = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: Math.min(n, 20) }, () =>
        minimalInstance((schema.items ?? {}) as JsonSchema, doc, pick, name, depth + 1),
      );
    }
    case 'integer':
    case 'number': {
      if (/year/i.test(name)) return 2026;
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    }
    case 'boolean':
      return true;
    case 'string': {
      const picked = pick(name);
      if (picked !== undefined) return picked;
      if (schema.format === 'date' || /On$|Date$|^from$|^to$/.test(name)) return '2026-06-01';
      const min = Number(schema.minLength ?? 1);
      return 'x'.repeat(Math.max(min, 10));
    }
    default:
      return {};
  }
};
