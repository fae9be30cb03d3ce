import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '@talent/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TableDigest, tableDigest } from './support/table-digest';
import {
  echoOf,
  emptyHarvest,
  fillPath,
  type Harvest,
  harvestBody,
  harvestParams,
  harvestSubmitted,
  isRecordIdName,
  matchOperation,
  minimalInstance,
  type Needle,
  needlesFor,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  ROLES,
  type Role,
  scanResponse,
} from './support/tenancy-scan';
import {
  AGENCIES,
  type Agency,
  type HttpResult,
  type RecordedRequest,
  type SeededAgency,
  seedAgencies,
  sendRequest,
} from './support/tenancy-seed';

// Tenancy and roles, generated from the OpenAPI document (X-TENANT, P-UNIT-SCOPE): every
// operation refuses the roles its x-roles do not allow (403 problem+json) and requests without a
// valid token (401), writing nothing; and, for directed pairs of agencies (A, B), B — with tokens of
// every role, its unit users claiming A's unit ids — replays every request A made while its
// programme year was seeded through the API, and calls every operation with A's real ids by
// parameter name: B is denied (404, or a 403/409/422 that reveals nothing), never a 2xx on A's
// resources; no response B receives holds an id of A or A's personal data (full or masked); A's
// items in the table are byte for byte the same before and after (table digest). Its own stack
// with its own in-memory DynamoDB Local: the digests compare the whole table.

const doc = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8'),
) as OpenApiDocument;
const operations = operationsOf(doc);
const nonPublic = operations.filter((o) => o.roles !== 'public');
const documentText = JSON.stringify(doc);

/**
 * Directed pairs: A's resources, B the intruder. `full`: every operation once with each role it
 * allows; `light` (to keep the file within its time): with the unit role (if allowed) only — both
 * send everything with a token of every role, and replays with the roles A used.
 */
const PAIRS: readonly [Agency, Agency, 'full' | 'light'][] = [
  ['jiangsu', 'lishui', 'full'],
  ['lishui', 'jiangsu', 'full'],
  ['guangdong', 'beijing', 'light'],
  ['beijing', 'zhuhai', 'light'],
  ['zhuhai', 'guangdong', 'light'],
];
/** Distinct recorded requests of one operation replayed in a light pair (a full pair replays all). */
const LIGHT_REPLAYS_PER_OPERATION = 4;
const CONCURRENCY = 6;

let stack: LocalStack;
let seeded: Record<Agency, SeededAgency>;
const harvests = {} as Record<Agency, Harvest>;
const tokenCache = new Map<string, string>();
const token = async (
  agency: string,
  roles: readonly string[],
  unit?: string,
  extra: { expiresIn?: number } = {},
) => {
  const key = `${agency}|${roles.join(',')}|${unit ?? ''}|${extra.expiresIn ?? ''}`;
  let t = tokenCache.get(key);
  if (!t) {
    t = await stack.issueToken({ agency, roles, ...(unit ? { unit } : {}), ...extra });
    tokenCache.set(key, t);
  }
  return t;
};

const pool = async <T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await fn(item);
      }
    }),
  );
};

const splitPath = (path: string) => {
  const at = path.indexOf('?');
  return at < 0 ? { pathname: path, query: '' } : { pathname: path.slice(0, at), query: path.slice(at + 1) };
};
const opOf = (r: { method: string; path: string }) =>
  matchOperation(operations, r.method, splitPath(r.path).pathname);
const isProblem = (r: HttpResult) =>
  r.contentType.startsWith('application/problem+json') && r.body?.status === r.status;
const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    inMemory: true,
    dataDir: mkdtempSync(join(tmpdir(), 'talent-proof-tenancy-')),
    quiet: true,
    clockStart: '2026-01-01T00:00:00+08:00',
  });
  const seeding = Date.now();
  seeded = await seedAgencies(stack);
  console.info(
    `[tenancy] stack ${stack.timings.totalMs} ms, seed ${Date.now() - seeding} ms: ${AGENCIES.map((a) => `${a} ${seeded[a].requests.length} requests`).join(', ')}`,
  );
  for (const agency of AGENCIES) {
    const h = emptyHarvest();
    for (const r of seeded[agency].requests) {
      const { query } = splitPath(r.path);
      const m = opOf(r);
      if (m) harvestParams(h, m.params);
      for (const [k, v] of new URLSearchParams(query)) if (/Id$/.test(k)) harvestParams(h, { [k]: v });
      if (r.body !== undefined) {
        harvestBody(h, r.body);
        harvestSubmitted(h, r.body);
      }
      harvestBody(h, r.response);
    }
    for (const u of seeded[agency].users) harvestParams(h, { userId: u });
    harvests[agency] = h;
  }
}, 150_000);
afterAll(async () => stack?.stop());

/** A's first value for a parameter name (or a related name), else any id of A's. */
const ALIASES: Record<string, readonly string[]> = {
  pilotId: ['nominationId'],
  projectId: ['nominationId'],
  schoolId: ['unitId'],
  unitId: ['schoolId'],
  subjectId: ['masterId', 'apprenticeId'],
};
const pickFor = (h: Harvest, name: string): string | undefined => {
  for (const n of [name, ...(ALIASES[name] ?? [])]) {
    const first = h.byName.get(n)?.values().next().value;
    if (first !== undefined) return first;
  }
  return undefined;
};
const anyId = (h: Harvest, name = '') =>
  name === 'year' ? '2026' : name === 'version' ? '1' : (h.ulids.values().next().value ?? 'no-id');

describe('roles: every operation of the OpenAPI document refuses the roles its x-roles do not allow', () => {
  it('answers 403 problem+json to every other role and to no role, 401 to no or a bad token, and writes nothing (X-TENANT, P-UNIT-SCOPE)', async () => {
    const before = await tableDigest(stack.dynamoEndpoint);
    const expired = await token('jiangsu', ['admin'], undefined, { expiresIn: -60 });
    const valid = await token('jiangsu', ROLES);
    const [header, payload] = valid.split('.');
    const badTokens = {
      tampered: `${valid.slice(0, -3)}${valid.endsWith('AAA') ? 'BBB' : 'AAA'}`,
      expired,
      garbage: 'not-a-token',
      'alg-none': `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      'other-header': `${header}.${payload}.${Buffer.from('x'.repeat(32)).toString('base64url')}`,
    };
    const badList = Object.entries(badTokens);
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    let requests = 0;
    const jobs: (() => Promise<void>)[] = [];
    for (const op of nonPublic) {
      const allowed = op.roles as readonly Role[];
      // The request of the agency that made this operation while seeding (real ids), else the ids of
      // the agency that has the most of its path parameters and used its service area most.
      const resolvable = (a: Agency) =>
        op.pathParams.filter((p) => pickFor(harvests[a], p) !== undefined).length;
      const area = (a: Agency) =>
        seeded[a].requests.filter((r) => opOf(r)?.operation.tags.join() === op.tags.join()).length;
      const owner =
        AGENCIES.find((a) => seeded[a].requests.some((r) => opOf(r)?.operation === op)) ??
        ([...AGENCIES].sort((x, y) => resolvable(y) - resolvable(x) || area(y) - area(x))[0] as Agency);
      const recorded = seeded[owner].requests.find((r) => opOf(r)?.operation === op);
      const h = harvests[owner];
      const path =
        recorded?.path ??
        fillPath(
          op.template,
          Object.fromEntries(op.pathParams.map((p) => [p, pickFor(h, p) ?? anyId(h, p)])),
        );
      const body =
        recorded?.body ??
        (op.body
          ? minimalInstance(op.body, doc, (n) => (isRecordIdName(n) ? pickFor(h, n) : undefined))
          : undefined);
      const headers = { ...(op.requiresIfMatch ? { 'if-match': '"1"' } : {}), ...recorded?.headers };
      const unit = [...seeded[owner].units][0];
      const send = (t: string | undefined, label: string, expected: number) =>
        jobs.push(async () => {
          const r = await sendRequest(stack.url, op.method, path, {
            token: t,
            ...(body !== undefined ? { body } : {}),
            headers,
          });
          requests += 1;
          counts[r.status] = (counts[r.status] ?? 0) + 1;
          if (r.status !== expected)
            failures.push(`${op.operationId} ${label}: ${r.status} (expected ${expected})`);
          else if (expected === 403 && !isProblem(r))
            failures.push(`${op.operationId} ${label}: 403 not problem+json`);
        });
      for (const role of ROLES.filter((x) => !allowed.includes(x))) {
        send(await token(owner, [role], role === 'unit' ? unit : undefined), `role ${role}`, 403);
      }
      send(await token(owner, []), 'no role', 403);
      send(undefined, 'no token', 401);
      // One bad token per operation, the kinds in turn (each kind meets ~40 operations).
      const [label, bad] = badList[nonPublic.indexOf(op) % badList.length] as [string, string];
      send(bad, `${label} token`, 401);
    }
    await pool(jobs, CONCURRENCY, (job) => job());
    const after = await tableDigest(stack.dynamoEndpoint);
    console.info(
      `[tenancy] roles: ${nonPublic.length} of ${operations.length} operations (the others public), ${requests} requests, by status ${JSON.stringify(counts)}`,
    );
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(nonPublic.length * 3);
    expect(after).toEqual(before);
  }, 60_000);
});

interface Planned {
  readonly op: Operation;
  readonly kind: 'replay' | 'substituted';
  /** The roles A's recorded request was made with, and its unit claim. */
  readonly roles?: readonly string[];
  readonly unit?: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers: Record<string, string>;
}

/** What B sends: A's recorded requests (public ones addressed to B's agency), and every operation with A's ids. */
const plan = (
  a: Agency,
  b: Agency,
  depth: 'full' | 'light',
): { planned: Planned[]; byName: number; fallback: Set<string> } => {
  const h = harvests[a];
  const planned: Planned[] = [];
  let byName = 0;
  const fallback = new Set<string>();
  const forB = (op: Operation, path: string) =>
    op.pathParams.includes('agencyId')
      ? fillPath(op.template, {
          ...matchOperation(operations, op.method, splitPath(path).pathname)?.params,
          agencyId: b,
        }) + (splitPath(path).query ? `?${splitPath(path).query}` : '')
      : path;
  const byOp = new Map<Operation, RecordedRequest[]>();
  for (const r of seeded[a].requests) {
    const m = opOf(r);
    if (!m) continue;
    const list = byOp.get(m.operation) ?? [];
    if (!list.some((x) => x.path === r.path && JSON.stringify(x.body) === JSON.stringify(r.body)))
      list.push(r);
    byOp.set(m.operation, list);
  }
  for (const [op, list] of byOp) {
    for (const r of depth === 'full' ? list : list.slice(0, LIGHT_REPLAYS_PER_OPERATION)) {
      planned.push({
        op,
        kind: 'replay',
        roles: r.roles,
        ...(r.unit ? { unit: r.unit } : {}),
        path: forB(op, r.path),
        ...(r.body !== undefined ? { body: r.body } : {}),
        headers: { ...(op.requiresIfMatch ? { 'if-match': '"1"' } : {}), ...r.headers },
      });
    }
  }
  let n = 0;
  for (const op of operations) {
    const params = Object.fromEntries(
      op.pathParams.map((p) => {
        if (p === 'agencyId') return [p, b];
        const v = pickFor(h, p);
        if (v === undefined) fallback.add(p);
        else byName += 1;
        return [p, v ?? anyId(h, p)];
      }),
    );
    const query = new URLSearchParams();
    for (const q of op.queryParams) {
      const v = pickFor(h, q.name);
      if (v !== undefined && /Id$/.test(q.name)) query.set(q.name, v);
      else if (q.required) query.set(q.name, String(minimalInstance(q.schema, doc, () => undefined, q.name)));
    }
    const recorded = byOp.get(op)?.[0];
    const body =
      recorded?.body ??
      (op.body
        ? minimalInstance(op.body, doc, (name) => (isRecordIdName(name) ? pickFor(h, name) : undefined))
        : undefined);
    planned.push({
      op,
      kind: 'substituted',
      path: fillPath(op.template, params) + (query.size ? `?${query}` : ''),
      ...(body !== undefined ? { body } : {}),
      headers: {
        ...(op.requiresIfMatch ? { 'if-match': recorded?.headers['if-match'] ?? '"1"' } : {}),
        ...(op.method === 'POST' ? { 'idempotency-key': `tenancy-${a}-${b}-${++n}` } : {}),
      },
    });
  }
  return { planned, byName, fallback };
};

/** Violations of B's responses, and the counts. */
const intrude = async (a: Agency, b: Agency, depth: 'full' | 'light', needles: readonly Needle[]) => {
  const idNeedles = needles.filter((x) => x.kind === 'id');
  const unitOfA = [...seeded[a].units][0];
  const ownBodies: string[] = []; // what B stored as its own (bodies of B's 2xx writes)
  const received: { where: string; r: HttpResult; echo: string[] }[] = [];
  const violations: string[] = [];
  const byStatus: Record<string, number> = {};
  const covered = new Set<string>();
  const emptyOnA = new Set<string>();
  const succeeded = new Set<string>();
  const otherDenials = new Set<string>();
  let requests = 0;
  const jobs: { p: Planned; token: string | undefined; label: string; unit: string }[] = [];
  const { planned, byName, fallback } = plan(a, b, depth);
  for (const p of planned) {
    // B's unit users claim A's unit ids: the one A's request acted for, else A's first.
    const unit = p.unit ?? unitOfA ?? 'no-unit';
    if (p.op.roles === 'public') {
      jobs.push({ p, token: undefined, label: 'public', unit });
      continue;
    }
    // A replay goes with the roles A used; every operation once with each role it allows; all with every role.
    const roles =
      p.kind === 'replay'
        ? [(p.roles ?? []).filter((r) => p.op.roles.includes(r as Role))]
        : p.op.roles.filter((r) => depth === 'full' || r === 'unit').map((r) => [r]);
    for (const set of roles) {
      if (set.length === 0) continue;
      jobs.push({
        p,
        token: await token(b, set, set.includes('unit') ? unit : undefined),
        label: set.join('+'),
        unit,
      });
    }
    jobs.push({ p, token: await token(b, ROLES, unit), label: 'all roles', unit });
  }
  await pool(jobs, CONCURRENCY, async ({ p, token: t, label, unit }) => {
    const r = await sendRequest(stack.url, p.op.method, p.path, {
      token: t,
      ...(p.body !== undefined ? { body: p.body } : {}),
      headers: p.headers,
    });
    requests += 1;
    covered.add(p.op.operationId);
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const sentBody = p.body === undefined ? '' : JSON.stringify(p.body);
    const where = `${p.op.operationId} (${p.kind}, B ${label}) → ${r.status}`;
    if (r.status >= 500) violations.push(`${where}: server error`);
    if (r.status >= 400 && !isProblem(r)) violations.push(`${where}: not problem+json`);
    // A 2xx for a request addressed to A's record (an id of A's in the path) is a breach — except
    // a read answering an empty list (as for any unknown parent); filters in the query may be anything.
    const pathname = splitPath(p.path).pathname;
    const targetsA = idNeedles.some(
      (x) => pathname.includes(encodeURIComponent(x.value)) || pathname.includes(x.value),
    );
    if (r.status < 300 && targetsA) {
      const emptyList = p.op.method === 'GET' && Array.isArray(r.body?.items) && r.body.items.length === 0;
      if (emptyList) emptyOnA.add(p.op.operationId);
      else violations.push(`${where}: 2xx on A's resource`);
    }
    if (r.status < 300) succeeded.add(`${p.op.operationId} ${r.status}`);
    else if (r.status !== 404)
      otherDenials.add(`${p.op.operationId} ${r.status}${r.body?.ruleId ? ` ${r.body.ruleId}` : ''}`);
    if (r.status < 300 && sentBody && p.op.method !== 'GET') ownBodies.push(sentBody);
    received.push({ where, r, echo: [p.path, sentBody, unit] });
  });
  // Scanned once every request is done, so what B stored as its own (bodies of its 2xx writes) is
  // known whatever order the concurrent requests ran in.
  for (const { where, r, echo } of received) {
    for (const hit of scanResponse(r, needles, echoOf(...echo, ...ownBodies))) {
      violations.push(`${where}: ${hit.kind} of ${a} at ${hit.path} (${hit.masked})`);
    }
  }
  return { violations, byStatus, covered, requests, emptyOnA, succeeded, otherDenials, byName, fallback };
};

describe.each(PAIRS)('agency %s’s resources, agency %s the intruder (%s)', (a, b, depth) => {
  it(`${b} with every role gets no ${a} data and changes none of ${a}’s items (X-TENANT, P-UNIT-SCOPE)`, async () => {
    // Values the public OpenAPI document itself holds (examples) are not A's.
    const needles = needlesFor(
      harvests[a],
      AGENCIES.filter((x) => x !== a).map((x) => harvests[x]),
      new Set([...AGENCIES, ...ROLES]),
    ).filter((x) => x.kind !== 'id' || !documentText.includes(x.value));
    expect(needles.filter((x) => x.kind === 'id').length).toBeGreaterThanOrEqual(5);
    expect(needles.filter((x) => x.kind === 'resident-id').length).toBeGreaterThan(0);
    const keep = (pk: string) => pk.startsWith(`A#${a}#`);
    const before: TableDigest = await tableDigest(stack.dynamoEndpoint, 'MainTable', keep);
    expect(before.items).toBeGreaterThan(20);
    const { violations, byStatus, covered, requests, emptyOnA, succeeded, otherDenials, byName, fallback } =
      await intrude(a, b, depth, needles);
    const after = await tableDigest(stack.dynamoEndpoint, 'MainTable', keep);
    const classes: Record<string, number> = {};
    for (const [s, c] of Object.entries(byStatus))
      classes[statusClass(Number(s))] = (classes[statusClass(Number(s))] ?? 0) + c;
    console.info(
      `[tenancy] ${a} ← ${b}: ${covered.size} of ${operations.length} operations, ${requests} requests, ${needles.length} needles (${needles.filter((x) => x.kind === 'id').length} ids), ${before.items} items of ${a}; path parameters by name ${byName}, any id for ${[...fallback].join('/') || '-'}; by status ${JSON.stringify(byStatus)} ${JSON.stringify(classes)}; empty lists under ${a}'s ids: ${[...emptyOnA].join(', ') || 'none'}; 2xx (B's own space): ${[...succeeded].sort().join(', ')}; denials other than 404: ${[...otherDenials].sort().join(', ')}`,
    );
    expect(violations).toEqual([]);
    expect(covered.size).toBe(operations.length);
    expect(after).toEqual(before);
    // Most of B's requests got past validation to the use cases, which did not find A's records.
    expect(byStatus[404] ?? 0).toBeGreaterThan(requests / 2);
  }, 60_000);
});
