/**
 * Proof suite, concurrency and idempotency (issue 8): every invariant the services hold by
 * conditional writes — caps, quotas, uniqueness, two-person approvals, budgets, team size and
 * Idempotency-Key replays — holds exactly under 50 clients at once. The Lambda handlers run in
 * process against the run's DynamoDB Local (fresh cycles, units and years, so parallel test files
 * never meet these items); every case counts the answers AND reads the table back (consistent
 * Gets and Queries of the items, counters and audit records). One fast-check property explores
 * interleavings of DynamoDB responses with `fc.scheduler()`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { asAgencyId, getDocumentClient, personFingerprint, tenantKey } from '@talent/data';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { definitionFrom, freshAgency } from '../../packages/programmes/test/fixtures';
import { projectPk } from '../../services/cohorts/src/beijing/repository';
import { cyclePk as jsCyclePk } from '../../services/cohorts/src/jiangsu/store';
import {
  unit as bjUnit,
  call as cohortsApi,
  openProjects,
  seedBeijing,
  teamOf,
} from '../../services/cohorts/test/beijing-support';
import {
  cohort,
  admin as cohortAdmin,
  submitGrades,
  unitCaller,
} from '../../services/cohorts/test/jiangsu-support';
import { batchPk, budgetPk } from '../../services/funding/src/repositories/batches';
import {
  createBatch,
  JS as FUNDING_JS,
  finance,
  seedJiangsu,
  setBudget,
  step,
} from '../../services/funding/test/support';
import type { Nomination } from '../../services/nominations/src/nomination';
import { cyclePk } from '../../services/nominations/src/repositories/cycle-repository';
import { nominationKey } from '../../services/nominations/src/repositories/nomination-repository';
import {
  drawList,
  admin as nominationsAdmin,
  call as nominationsApi,
  openCycle,
  registerReviewer,
  reviewAndDecide,
  reviewer,
  submittedJiangsu,
  walkTo,
} from '../../services/nominations/test/selection-support';
import { keys as pairingKeys } from '../../services/pairings/src/repositories/pairing-store';
import {
  activate,
  activePairings,
  admin as lsAdmin,
  masterAtSchool,
  pairingCall,
  call as pairingsApi,
  readyPairing,
  registerMaster,
  seedCycle,
} from '../../services/pairings/test/support';
import { handler as platformApi } from '../../services/platform/src/handlers/api';
import { SCORECARD_ITEMS } from '../../services/reporting/src/forms/definitions';
import { formKeys } from '../../services/reporting/src/forms/store';
import {
  caller as formsCaller,
  jsCohort,
  call as reportingApi,
} from '../../services/reporting/test/forms-support';
import {
  apiEvent,
  type Caller,
  lambdaContext,
  type ParsedResponse,
  parseResponse,
} from '../support/api-event';
import { jiangsuCycle } from '../support/cycles';
import { eligibleResidentId, jiangsuNomination } from '../support/samples';
import {
  actionCounts,
  auditTrail,
  CLIENTS,
  cloneRecommended,
  entityOf,
  freshBudgetYears,
  getConsistent,
  inChunks,
  queryIndex,
  queryPartition,
  race,
  refusalKinds,
  scheduleDynamoResponses,
  tally,
  useClock,
  withStatus,
} from './support/concurrency-fixtures';

const lishui = asAgencyId('lishui');
/** The category quota of the registered programme, and its candidates. */
const QUOTA = 5;
const CANDIDATES = 36;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const ids = (rs: readonly ParsedResponse[], field: string) => rs.map((r) => r.body[field] as string).sort();

describe('Lishui pairings under 50 clients (LS-PAIR-CAP, LS-TEACHER-SHARE, LS-TOP-TEN)', () => {
  beforeAll(() => useClock('2026-11-15T02:00:00Z'));

  /** The pairings as stored (consistent reads), with their audit records. */
  const storedPairings = (pairingIds: readonly string[]) =>
    Promise.all(
      pairingIds.map(async (id) => ({
        item: await getConsistent(pairingKeys.pairing(lishui, id)),
        audit: await auditTrail(pairingKeys.pairing(lishui, id).PK),
      })),
    );

  it('50 concurrent activations against a master with room for 3: exactly 3 succeed, counters and items read back 10 (LS-PAIR-CAP)', async () => {
    const c = await seedCycle(1);
    const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    await activePairings(c.cycleId, schoolId, masterId, 7);
    const ready = await inChunks(range(CLIENTS), 10, () => readyPairing(c.cycleId, schoolId, masterId));

    const results = await race(CLIENTS, (i) =>
      activate((ready[i] as { pairingId: string }).pairingId, schoolId),
    );

    expect(tally(results)).toEqual({
      byStatus: { 200: 3, 409: CLIENTS - 3 },
      refusals: { '409 LS-PAIR-CAP': CLIENTS - 3 },
    });
    const stored = await storedPairings(ready.map((r) => r.pairingId));
    const active = stored.filter((s) => s.item?.status === 'active');
    expect(active.map((s) => s.item?.pairingId).sort()).toEqual(ids(withStatus(results, 200), 'pairingId'));
    // One activation record per pairing that became active, none for the refused ones.
    expect(actionCounts(stored.flatMap((s) => s.audit))['pairing.activated']).toBe(3);
    expect(
      (await getConsistent(pairingKeys.stageCounter(lishui, masterId, 'secondary-vocational')))?.active,
    ).toBe(10);
    expect((await getConsistent(pairingKeys.master(lishui, masterId)))?.activePairings).toBe(10);
    expect(await getConsistent(pairingKeys.schoolCounter(lishui, c.cycleId, schoolId))).toMatchObject({
      total: 10,
      teachers: 0,
    });
  }, 60_000);

  it('50 concurrent teacher activations at a school of 18 student pairings: exactly 2 succeed, 2 of 20 = 10% (LS-TEACHER-SHARE)', async () => {
    const c = await seedCycle(2);
    const a = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
    const b = await registerMaster(c.cycleId, c.nominationIds[1] as string, a.schoolId);
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const masterB = b.body.masterId as string;
    await activePairings(c.cycleId, a.schoolId, a.masterId, 10);
    await activePairings(c.cycleId, a.schoolId, a.masterId, 8, { studyStage: 'higher-vocational' });
    // Teachers with the second master: his own stage has room for 10, so only the share binds.
    const teachers = await inChunks(range(CLIENTS), 10, () =>
      readyPairing(c.cycleId, a.schoolId, masterB, { kind: 'teacher' }),
    );

    const results = await race(CLIENTS, (i) =>
      activate((teachers[i] as { pairingId: string }).pairingId, a.schoolId),
    );

    expect(tally(results)).toEqual({
      byStatus: { 200: 2, 409: CLIENTS - 2 },
      refusals: { '409 LS-TEACHER-SHARE': CLIENTS - 2 },
    });
    const stored = await storedPairings(teachers.map((t) => t.pairingId));
    expect(
      stored
        .filter((s) => s.item?.status === 'active')
        .map((s) => s.item?.pairingId)
        .sort(),
    ).toEqual(ids(withStatus(results, 200), 'pairingId'));
    expect(actionCounts(stored.flatMap((s) => s.audit))['pairing.activated']).toBe(2);
    expect(await getConsistent(pairingKeys.schoolCounter(lishui, c.cycleId, a.schoolId))).toMatchObject({
      total: 20,
      teachers: 2,
    });
    expect(
      (await getConsistent(pairingKeys.stageCounter(lishui, masterB, 'secondary-vocational')))?.active,
    ).toBe(2);
  }, 60_000);

  it('50 concurrent 十佳大师 selections: exactly 10 land, with 10 distinct ranks and a counter of 10 (LS-TOP-TEN)', async () => {
    const c = await seedCycle(CLIENTS);
    const masters = await inChunks(c.nominationIds, 10, (n) => masterAtSchool(c.cycleId, n));

    const results = await race(CLIENTS, (i) =>
      pairingsApi({
        method: 'POST',
        route: '/cycles/{cycleId}/honours/top-selections',
        pathParameters: { cycleId: c.cycleId },
        body: {
          award: 'top-ten-masters',
          subjectId: (masters[i] as { masterId: string }).masterId,
          rank: (i % 10) + 1,
          evidence: `带徒成效排名第${(i % 10) + 1}`,
        },
        caller: lsAdmin,
      }),
    );

    const t = tally(results);
    expect(t.byStatus).toEqual({ 201: 10, 409: CLIENTS - 10 });
    for (const kind of refusalKinds(results)) expect(['409 LS-TOP-TEN', '409 P-RANK-TAKEN']).toContain(kind);
    const pk = pairingKeys.honourPk(lishui, c.cycleId);
    const entries = await queryPartition(pk, 'ENTRY#top-ten-masters#');
    const ranks = await queryPartition(pk, 'RANK#top-ten-masters#');
    expect(entries.map((e) => e.subjectId).sort()).toEqual(ids(withStatus(results, 201), 'subjectId'));
    expect(entries.map((e) => e.rank).sort((x, y) => x - y)).toEqual(range(10).map((i) => i + 1));
    expect(ranks.map((r) => r.subjectId).sort()).toEqual(entries.map((e) => e.subjectId).sort());
    expect((await getConsistent({ PK: pk, SK: 'COUNT#top-ten-masters' }))?.selected).toBe(10);
    expect(actionCounts(await auditTrail(pk))).toEqual({ 'honour.selected': 10 });
  }, 60_000);

  it('keeps the active count equal to the counters and within 10 for scheduled interleavings of activations and endings (LS-PAIR-CAP, fast-check scheduler)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.subarray(range(8), { maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        async (s, endIndexes, doubled) => {
          run += 1;
          const c = await seedCycle(1);
          const { schoolId, masterId } = await masterAtSchool(c.cycleId, c.nominationIds[0] as string);
          const initial = await activePairings(c.cycleId, schoolId, masterId, 8);
          const ready = await Promise.all(range(4).map(() => readyPairing(c.cycleId, schoolId, masterId)));
          const stop = scheduleDynamoResponses(s);
          let activations: ParsedResponse[];
          let endings: ParsedResponse[];
          try {
            // 4 waiting pairings race for 2 places (one of them asked twice), while some of the
            // 8 active ones end and free places; the scheduler orders every DynamoDB answer.
            const work = Promise.all([
              Promise.all(
                [...ready, ready[doubled] as { pairingId: string }].map((r) =>
                  activate(r.pairingId, schoolId),
                ),
              ),
              Promise.all(
                endIndexes.map((i) =>
                  pairingCall('POST', (initial[i] as { pairingId: string }).pairingId, 'end', schoolId, {
                    reason: 'graduation',
                  }),
                ),
              ),
            ]);
            [activations, endings] = await s.waitFor(work);
          } finally {
            stop();
          }
          expect(activations.filter((r) => r.status >= 500)).toEqual([]);
          expect(tally(endings).byStatus).toEqual(endIndexes.length ? { 200: endIndexes.length } : {});
          for (const kind of refusalKinds(activations))
            expect(['409 LS-PAIR-CAP', '409 P-PAIRING-STATUS']).toContain(kind);
          const ok = withStatus(activations, 200).length;
          // No lost place: 2 free at the start, so at least 2 of the 4 distinct pairings got in.
          expect(ok).toBeGreaterThanOrEqual(2);
          const everyPairing = [...initial, ...ready].map((p) => p.pairingId);
          const stored = await storedPairings(everyPairing);
          const activeNow = stored.filter((x) => x.item?.status === 'active').length;
          expect(activeNow).toBe(8 + ok - endIndexes.length);
          expect(activeNow).toBeLessThanOrEqual(10);
          expect(
            (await getConsistent(pairingKeys.stageCounter(lishui, masterId, 'secondary-vocational')))?.active,
          ).toBe(activeNow);
          expect((await getConsistent(pairingKeys.master(lishui, masterId)))?.activePairings).toBe(activeNow);
          expect((await getConsistent(pairingKeys.schoolCounter(lishui, c.cycleId, schoolId)))?.total).toBe(
            activeNow,
          );
        },
      ),
      { numRuns: 4, endOnFailure: true },
    );
    expect(run).toBeGreaterThanOrEqual(4);
  }, 90_000);
});

// ——— nominations: one per person per cycle, the category quota, Idempotency-Key ———

const js = nominationsAdmin('jiangsu');
const jsUnitUser = (unit: string): Caller => ({
  agency: 'jiangsu',
  roles: ['unit'],
  user: `${unit}-user`,
  unit,
});

const newJiangsuCycle = async (): Promise<string> => {
  const cycleId = `pc-${randomUUID().slice(0, 8)}`;
  const r = await nominationsApi({
    method: 'POST',
    route: '/cycles',
    body: jiangsuCycle(cycleId),
    caller: js,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return cycleId;
};

const postNomination = (body: unknown, caller: Caller, headers: Record<string, string> = {}) =>
  nominationsApi({ method: 'POST', route: '/nominations', body, caller, headers });

/** The cycle's nominations: ids from its index partition, each read back consistently. */
const nominationsOfCycle = async (agency: string, cycleId: string) => {
  const indexed = await queryIndex('GSI1', cyclePk(asAgencyId(agency), cycleId), 'NOM#');
  return Promise.all(
    indexed.map((i) => getConsistent(nominationKey(asAgencyId(agency), String(i.nominationId)))),
  );
};

/** The agency's audit feed of the domain day (GSI1), narrowed to one cycle's nominations. */
const nominationAuditOfDay = async (agency: string, day: string, cycleId: string) =>
  (await queryIndex('GSI1', tenantKey(asAgencyId(agency), 'AUDIT', day))).filter(
    (a) =>
      a.entityType === 'Nomination' && (a.after as { cycleId?: string } | undefined)?.cycleId === cycleId,
  );

/**
 * Runs `f` with every TransactWriteItems of the shared document client held until `reads`
 * TransactGetItems have answered (at most 10 s): concurrent draws all read the counters before any
 * of them writes.
 */
const withTransactWritesHeldUntilReads = async <T>(reads: number, f: () => Promise<T>): Promise<T> => {
  const client = getDocumentClient();
  const name = `hold-writes-${randomUUID()}`;
  let answered = 0;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const timer = setTimeout(() => open(), 10_000);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String((context as { commandName?: string }).commandName);
      if (command === 'TransactWriteCommand') await gate;
      const out = await next(args);
      if (command === 'TransactGetCommand' && ++answered >= reads) open();
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    return await f();
  } finally {
    clearTimeout(timer);
    client.middlewareStack.remove(name);
  }
};

describe('Jiangsu nominations under 50 clients (P-ONE-NOMINATION-PER-CYCLE, JS-CATEGORIES)', () => {
  beforeAll(() => useClock('2026-05-19T03:00:00Z'));

  it('50 concurrent creations of one person in one cycle, from 10 units: exactly one 201, one item, one claim, one audit record (P-ONE-NOMINATION-PER-CYCLE)', async () => {
    const cycleId = await newJiangsuCycle();
    const residentId = eligibleResidentId();
    const results = await race(CLIENTS, (i) => {
      const unit = `unit-${String(i % 10).padStart(3, '0')}`;
      const body = jiangsuNomination(cycleId, { unitId: unit }, { residentId });
      return postNomination(body, i % 2 === 0 ? js : jsUnitUser(unit));
    });

    expect(tally(results)).toEqual({
      byStatus: { 201: 1, 409: CLIENTS - 1 },
      refusals: { '409 P-ONE-NOMINATION-PER-CYCLE': CLIENTS - 1 },
    });
    const winner = withStatus(results, 201)[0]?.body.nominationId as string;
    const stored = await nominationsOfCycle('jiangsu', cycleId);
    expect(stored.map((n) => n?.nominationId)).toEqual([winner]);
    const claim = await getConsistent({
      PK: tenantKey(asAgencyId('jiangsu'), 'PERSON', personFingerprint(asAgencyId('jiangsu'), residentId)),
      SK: `CYCLE#${cycleId}`,
    });
    expect(claim?.nominationId).toBe(winner);
    expect(actionCounts(await auditTrail(nominationKey(asAgencyId('jiangsu'), winner).PK))).toEqual({
      'nomination.created': 1,
    });
    // The refused 49 wrote no audit record either: the day's feed holds one for this cycle.
    expect((await nominationAuditOfDay('jiangsu', '2026-05-19', cycleId)).map((a) => a.entityId)).toEqual([
      winner,
    ]);
  });

  it('50 concurrent draws of the provisional list over 36 recommended for 5 places: one draw at a time (P-LIST-DRAW), exactly 5 listed, counter 5, each nomination placed once (JS-CATEGORIES)', async () => {
    useClock('2026-04-01T02:00:00Z');
    try {
      // A tenant of its own running its registered version of the Jiangsu programme with category A's
      // quota at 5 (the same enforced category-quota rule, JS-CATEGORIES): 50 draws of 36 candidates
      // stay fast, and a draw still spans two transactions (32 + 4 nominations).
      const agencyId = freshAgency();
      const owner = nominationsAdmin(agencyId);
      const programmeId = 'proof-quota';
      const definition = definitionFrom('jiangsu-excellent-technicians', { id: programmeId, agencyId });
      const categories = definition.categories as { id: string; quota?: object }[];
      for (const c of categories) if (c.id === 'A') c.quota = { perCycle: QUOTA, approximate: false };
      const registered = parseResponse(
        await platformApi(
          apiEvent({ method: 'POST', route: '/programmes', body: definition, caller: owner }),
          lambdaContext('platform'),
        ),
      );
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const cycleId = await openCycle(owner, { programmeId, year: 2026, selectionDate: '2026-03-31' });
      await walkTo(owner, cycleId, 'nomination');
      const expert = reviewer(agencyId, `rv-${randomUUID().slice(0, 8)}`);
      await registerReviewer(owner, expert.user as string);
      // One candidate through the API (created, submitted, reviewed, recommended with 99 points),
      // then 35 more like it with scores 0.5 apart, descending.
      const first = await submittedJiangsu(owner, cycleId, 0, { programmeId });
      await reviewAndDecide(owner, expert, first.nominationId, 99);
      const agency = asAgencyId(agencyId);
      const template = entityOf<Nomination>(
        (await getConsistent(nominationKey(agency, first.nominationId))) as Record<string, unknown>,
      );
      expect(template).toMatchObject({ status: 'recommended', decision: { meanScore: 99 } });
      const nominationIds = [
        first.nominationId,
        ...(await cloneRecommended(
          template,
          range(CANDIDATES - 1).map((i) => 98.5 - i * 0.5),
          eligibleResidentId,
        )),
      ];

      const results = await race(CLIENTS, () => drawList(owner, cycleId));

      // One draw holds the cycle's draw claim and lists the 5 best; the others are refused at
      // once (409 P-LIST-DRAW: send again), or, arriving after it finished, draw the same list
      // again and write nothing (200).
      const t = tally(results);
      expect((t.byStatus[200] ?? 0) + (t.byStatus[409] ?? 0)).toBe(CLIENTS);
      expect(t.byStatus[200] ?? 0).toBeGreaterThanOrEqual(1);
      for (const kind of refusalKinds(results)) expect(kind).toBe('409 P-LIST-DRAW');
      for (const r of withStatus(results, 200))
        expect(r.body).toMatchObject({ listed: QUOTA, notListed: CANDIDATES - QUOTA });

      const stored = await Promise.all(nominationIds.map((id) => getConsistent(nominationKey(agency, id))));
      const counter = await getConsistent({ PK: cyclePk(agency, cycleId), SK: 'SELECTED#A' });
      // Never more listed than the quota, and the counter is the listed count, whatever won.
      const listedNow = stored.filter((n) => n?.status === 'listed').length;
      expect(listedNow).toBeLessThanOrEqual(QUOTA);
      expect(counter?.count ?? 0).toBe(listedNow);
      // Each nomination moved at most once (listed or not-listed), never twice.
      const placements = async () =>
        (await Promise.all(nominationIds.map((id) => auditTrail(nominationKey(agency, id).PK)))).map(
          (trail) =>
            trail.filter((a) => a.action === 'nomination.listed' || a.action === 'nomination.not-listed')
              .length,
        );
      for (const n of await placements()) expect(n).toBeLessThanOrEqual(1);

      // The client sends again, as the 409 says: the list, complete and exact.
      const again = await drawList(owner, cycleId);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toMatchObject({ listed: QUOTA, notListed: CANDIDATES - QUOTA });
      const final = await Promise.all(nominationIds.map((id) => getConsistent(nominationKey(agency, id))));
      final.forEach((n, i) => {
        if (i < QUOTA) expect(n).toMatchObject({ status: 'listed', listing: { rank: i + 1 } });
        else expect(n).toMatchObject({ status: 'not-listed', listing: { ruleId: 'JS-CATEGORIES' } });
      });
      expect((await getConsistent({ PK: cyclePk(agency, cycleId), SK: 'SELECTED#A' }))?.count).toBe(QUOTA);
      expect(await placements()).toEqual(range(CANDIDATES).map(() => 1));
    } finally {
      useClock('2026-05-19T03:00:00Z');
    }
  }, 60_000);

  it('50 concurrent draws of two cycles of one programme year, 8 a cycle and 10 a year, 8 recommended in each: exactly 10 listed over both, the year counter 10 = the cycles’ counters; another year keeps its own 8 (JS-CATEGORIES 每年每类)', async () => {
    useClock('2026-04-01T02:00:00Z');
    try {
      // A tenant of its own running its registered Jiangsu version: category A at 8 a cycle and 10
      // a year (the seed's 每年每类, sized down), so the year caps what the cycles could list.
      const agencyId = freshAgency();
      const owner = nominationsAdmin(agencyId);
      const programmeId = 'proof-year-quota';
      const definition = definitionFrom('jiangsu-excellent-technicians', { id: programmeId, agencyId });
      const categories = definition.categories as { id: string; quota?: object }[];
      for (const c of categories)
        if (c.id === 'A') c.quota = { perCycle: 8, perYear: 10, approximate: false };
      const registered = parseResponse(
        await platformApi(
          apiEvent({ method: 'POST', route: '/programmes', body: definition, caller: owner }),
          lambdaContext('platform'),
        ),
      );
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const expert = reviewer(agencyId, `rv-${randomUUID().slice(0, 8)}`);
      await registerReviewer(owner, expert.user as string);
      const agency = asAgencyId(agencyId);
      /** A cycle of `year` in its nomination stage with 8 recommended in A, scores 99, 98.5 …. */
      const cycleWithCandidates = async (year: number) => {
        const cycleId = await openCycle(owner, { programmeId, year, selectionDate: `${year}-03-31` });
        await walkTo(owner, cycleId, 'nomination');
        const first = await submittedJiangsu(owner, cycleId, 0, { programmeId });
        await reviewAndDecide(owner, expert, first.nominationId, 99);
        const template = entityOf<Nomination>(
          (await getConsistent(nominationKey(agency, first.nominationId))) as Record<string, unknown>,
        );
        const clones = await cloneRecommended(
          template,
          range(7).map((i) => 98.5 - i * 0.5),
          eligibleResidentId,
        );
        return { cycleId, nominationIds: [first.nominationId, ...clones] };
      };
      const [one, two, otherYear] = [
        await cycleWithCandidates(2026),
        await cycleWithCandidates(2026),
        await cycleWithCandidates(2025),
      ];

      // First the interleaving that matters, forced: both cycles' draws read the year's counter (0)
      // before either writes. The counter's condition then refuses the second writer, which counts
      // again and lists what is left; neither answers an error.
      const first = await withTransactWritesHeldUntilReads(2, () =>
        Promise.all([drawList(owner, one.cycleId), drawList(owner, two.cycleId)]),
      );
      for (const r of first) expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(first.map((r) => r.body.categories[0].listed).sort()).toEqual([2, 8]);
      // Then 50 clients over both cycles: each cycle's draws take turns (P-LIST-DRAW) and draw the
      // same lists again.
      const results = await race(CLIENTS, (i) => drawList(owner, (i % 2 === 0 ? one : two).cycleId));
      const t = tally(results);
      expect((t.byStatus[200] ?? 0) + (t.byStatus[409] ?? 0)).toBe(CLIENTS);
      for (const kind of refusalKinds(results)) expect(kind).toBe('409 P-LIST-DRAW');
      // The clients send again, as the 409 says: each list complete.
      const resent = [await drawList(owner, one.cycleId), await drawList(owner, two.cycleId)];
      for (const r of resent) expect(r.status, JSON.stringify(r.body)).toBe(200);

      const statuses = async (c: { nominationIds: string[] }) =>
        (await Promise.all(c.nominationIds.map((id) => getConsistent(nominationKey(agency, id))))).map(
          (n) => n?.status,
        );
      const listedIn = async (c: { nominationIds: string[] }) =>
        (await statuses(c)).filter((x) => x === 'listed').length;
      const [listedOne, listedTwo] = [await listedIn(one), await listedIn(two)];
      expect(listedOne + listedTwo).toBe(10);
      expect(Math.max(listedOne, listedTwo)).toBeLessThanOrEqual(8);
      for (const c of [one, two])
        expect((await statuses(c)).every((x) => x === 'listed' || x === 'not-listed')).toBe(true);
      const cycleCounter = async (cycleId: string) =>
        Number((await getConsistent({ PK: cyclePk(agency, cycleId), SK: 'SELECTED#A' }))?.count ?? 0);
      expect([await cycleCounter(one.cycleId), await cycleCounter(two.cycleId)]).toEqual([
        listedOne,
        listedTwo,
      ]);
      const yearCounter = async (year: number) =>
        Number(
          (
            await getConsistent({
              PK: tenantKey(agency, 'SELECTION-YEAR', programmeId, String(year)),
              SK: 'SELECTED#A',
            })
          )?.count ?? 0,
        );
      expect(await yearCounter(2026)).toBe(10);
      // A not-listed nomination of the year names the rule and the year's count.
      const notListed = (
        await Promise.all(
          [...one.nominationIds, ...two.nominationIds].map((id) => getConsistent(nominationKey(agency, id))),
        )
      ).filter((n) => n?.status === 'not-listed');
      expect(notListed).toHaveLength(6);
      for (const n of notListed) expect(n?.listing).toMatchObject({ ruleId: 'JS-CATEGORIES' });
      // Each list's summary says what the year's other cycle holds.
      expect(resent.map((r) => r.body.categories[0])).toEqual([
        expect.objectContaining({
          category: 'A',
          quota: 8,
          quotaPerYear: 10,
          listed: listedOne,
          listedInOtherCycles: listedTwo,
        }),
        expect.objectContaining({
          category: 'A',
          quota: 8,
          quotaPerYear: 10,
          listed: listedTwo,
          listedInOtherCycles: listedOne,
        }),
      ]);

      // Another year has a counter of its own: 2025 lists its cycle's 8.
      const drawn2025 = await drawList(owner, otherYear.cycleId);
      expect(drawn2025.status, JSON.stringify(drawn2025.body)).toBe(200);
      expect(await listedIn(otherYear)).toBe(8);
      expect(await yearCounter(2025)).toBe(8);
      expect(await yearCounter(2026)).toBe(10);
    } finally {
      useClock('2026-05-19T03:00:00Z');
    }
  }, 90_000);
});

describe('Idempotency-Key under 50 clients (P-IDEMPOTENCY)', () => {
  beforeAll(() => useClock('2026-05-19T03:00:00Z'));

  /** The idempotency record of (route, user, key), as stored. */
  const idempotencyRecord = (agency: string, user: string, key: string) =>
    getConsistent({
      PK: tenantKey(
        asAgencyId(agency),
        'IDEM',
        createHash('sha256').update(`POST /nominations\u0000${user}\u0000${key}`).digest('base64url'),
      ),
      SK: 'IDEM',
    });

  it('50 concurrent replays of one POST with one key: one nomination, one audit record, every answer the first one byte for byte (P-IDEMPOTENCY)', async () => {
    const cycleId = await newJiangsuCycle();
    const body = jiangsuNomination(cycleId);
    const key = `proof-${randomUUID()}`;

    const results = await race(CLIENTS, () => postNomination(body, js, { 'idempotency-key': key }));

    const first = results.filter((r) => r.headers['idempotent-replayed'] !== 'true');
    expect(first).toHaveLength(1);
    const original = first[0] as ParsedResponse;
    expect(original.status).toBe(201);
    for (const r of results) {
      // The same status and body, or the documented 409 while the first is still running.
      if (r.status === 409) expect(r.body.ruleId).toBe('P-IDEMPOTENCY');
      else expect({ status: r.status, raw: r.raw }).toEqual({ status: 201, raw: original.raw });
    }
    const stored = await nominationsOfCycle('jiangsu', cycleId);
    expect(stored.map((n) => n?.nominationId)).toEqual([original.body.nominationId]);
    expect(
      actionCounts(await auditTrail(nominationKey(asAgencyId('jiangsu'), original.body.nominationId).PK)),
    ).toEqual({ 'nomination.created': 1 });
    expect(await idempotencyRecord('jiangsu', js.user as string, key)).toMatchObject({
      status: 'COMPLETED',
      response: { statusCode: 201, body: original.raw },
    });

    // Later: the first answer, byte for byte.
    const later = await postNomination(body, js, { 'idempotency-key': key });
    expect(later.status).toBe(201);
    expect(later.raw).toBe(original.raw);
    expect(later.headers['idempotent-replayed']).toBe('true');
    // The same key with another body: 422, and nothing written.
    const otherBody = await postNomination({ ...body, unitId: 'unit-002' }, js, { 'idempotency-key': key });
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({
      ruleId: 'P-IDEMPOTENCY',
      type: '/problems/idempotency-key-reused',
    });
    expect(await nominationsOfCycle('jiangsu', cycleId)).toHaveLength(1);
  });

  it('the same key from 50 other users of the agency, and from another agency, never returns the first user’s response (P-IDEMPOTENCY, X-TENANT)', async () => {
    const cycleId = await newJiangsuCycle();
    const body = jiangsuNomination(cycleId);
    const key = `proof-${randomUUID()}`;
    const original = await postNomination(body, js, { 'idempotency-key': key });
    expect(original.status).toBe(201);
    const nominationId = original.body.nominationId as string;

    // 50 admins of the agency, each its own user: each request runs for itself (the person is taken).
    const others = await race(CLIENTS, (i) =>
      postNomination(
        body,
        { agency: 'jiangsu', roles: ['admin'], user: `js-admin-${i}` },
        { 'idempotency-key': key },
      ),
    );
    expect(tally(others)).toEqual({
      byStatus: { 409: CLIENTS },
      refusals: { '409 P-ONE-NOMINATION-PER-CYCLE': CLIENTS },
    });
    for (const r of others) {
      expect(r.headers['idempotent-replayed']).toBeUndefined();
      expect(r.raw).not.toContain(nominationId);
    }
    // Each user's key is its own record, holding its own answer.
    expect(await idempotencyRecord('jiangsu', 'js-admin-7', key)).toMatchObject({
      status: 'COMPLETED',
      response: { statusCode: 409 },
    });
    const otherAgency = await postNomination(
      body,
      { agency: 'beijing', roles: ['admin'], user: js.user as string },
      { 'idempotency-key': key },
    );
    expect(otherAgency.status).toBeGreaterThanOrEqual(400);
    expect(otherAgency.status).toBeLessThan(500);
    expect(otherAgency.headers['idempotent-replayed']).toBeUndefined();
    expect(otherAgency.raw).not.toContain(nominationId);
    expect(await nominationsOfCycle('jiangsu', cycleId)).toHaveLength(1);
    // The first user still gets the first answer.
    expect((await postNomination(body, js, { 'idempotency-key': key })).raw).toBe(original.raw);
  });

  it('50 concurrent replays of a refused first request (4xx) answer its bytes exactly, writing nothing (P-IDEMPOTENCY)', async () => {
    const cycleId = await newJiangsuCycle();
    const body = jiangsuNomination(cycleId);
    expect((await postNomination(body, js)).status).toBe(201);
    const key = `proof-${randomUUID()}`;
    const refused = await postNomination(body, js, { 'idempotency-key': key });
    expect(refused.status).toBe(409);
    expect(refused.body.ruleId).toBe('P-ONE-NOMINATION-PER-CYCLE');

    const replays = await race(CLIENTS, () => postNomination(body, js, { 'idempotency-key': key }));

    for (const r of replays) {
      expect(r.status).toBe(409);
      expect(r.headers['idempotent-replayed']).toBe('true');
      // The first answer byte for byte, its request id included (docs/api.md: "4xx included").
      expect(r.raw).toBe(refused.raw);
    }
    expect(await idempotencyRecord('jiangsu', js.user as string, key)).toMatchObject({
      status: 'COMPLETED',
      response: { statusCode: 409 },
    });
    expect(await nominationsOfCycle('jiangsu', cycleId)).toHaveLength(1);
  });
});

// ——— cohorts: the grade quota (Jiangsu) and the team size (Beijing) ———

describe('cohorts under 50 clients (JS-GRADE-QUOTA, BJ-TEAM)', () => {
  it('50 concurrent first grade submissions for one unit of 10: exactly one lands, and it keeps 优秀 and 良好 within 30% (JS-GRADE-QUOTA)', async () => {
    useClock('2026-04-01T02:00:00Z');
    const c = await cohort(10, { attendAll: true });
    // Client i proposes 3 优秀 and 3 良好 at rotated trainees; every 10th proposes 4 优秀 (over 30%).
    const overQuota = (i: number) => i % 10 === 9;
    const proposal = (i: number) =>
      c.traineeIds.map((traineeId, j) => {
        const p = (j + i) % 10;
        if (overQuota(i)) return { traineeId, grade: p < 4 ? '优秀' : '合格' };
        return { traineeId, grade: p < 3 ? '优秀' : p < 6 ? '良好' : '合格' };
      });

    const results = await race(CLIENTS, (i) =>
      submitGrades(c.cycleId, c.unitId, proposal(i), i % 2 === 0 ? unitCaller(c.unitId) : cohortAdmin()),
    );

    const landed = results.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 200);
    expect(landed).toHaveLength(1);
    const winner = landed[0] as { r: ParsedResponse; i: number };
    expect(overQuota(winner.i)).toBe(false);
    for (const kind of refusalKinds(results))
      expect(['409 JS-GRADE-QUOTA', '422 JS-GRADE-QUOTA']).toContain(kind);
    // An over-quota proposal is refused as such (422) unless another landed first (409).
    results.forEach((r, i) => {
      if (overQuota(i)) expect([409, 422]).toContain(r.status);
      else expect([200, 409]).toContain(r.status);
    });

    const pk = jsCyclePk(asAgencyId('jiangsu'), c.cycleId);
    const stored = await getConsistent({ PK: pk, SK: `GRADING#${c.unitId}` });
    expect(stored?.version).toBe(1);
    const grades = (stored?.grades ?? []) as { traineeId: string; grade: string }[];
    expect(grades.map((g) => [g.traineeId, g.grade])).toEqual(
      proposal(winner.i).map((g) => [g.traineeId, g.grade]),
    );
    expect(grades.filter((g) => g.grade === '优秀').length).toBeLessThanOrEqual(3);
    expect(grades.filter((g) => g.grade === '良好').length).toBeLessThanOrEqual(3);
    const trail = (await auditTrail(pk)).filter((a) => a.entityType === 'JsGrading');
    expect(actionCounts(trail)).toEqual({ 'js.grades.submitted': 1 });
  }, 60_000);

  it('50 concurrent member additions to a team of 10: exactly 5 succeed, 15 members stored and counted (BJ-TEAM)', async () => {
    useClock('2026-06-01T02:00:00Z');
    const school = `s-${randomUUID().slice(0, 8)}`;
    const s = await seedBeijing({ teams: [{ unitId: school, name: '数控匠师团队', members: teamOf(10) }] });
    await openProjects(s.cycleId);
    const projectId = s.teamIds[0] as string;

    const results = await race(CLIENTS, () =>
      cohortsApi({
        method: 'POST',
        route: '/projects/{projectId}/members',
        pathParameters: { projectId },
        body: { name: '新成员', role: 'full-time-teacher', reason: '补充成员' },
        caller: bjUnit(school),
      }),
    );

    expect(tally(results)).toEqual({
      byStatus: { 201: 5, 422: CLIENTS - 5 },
      refusals: { '422 BJ-TEAM': CLIENTS - 5 },
    });
    const pk = projectPk(asAgencyId('beijing'), projectId);
    expect((await getConsistent({ PK: pk, SK: 'PROJECT' }))?.memberCount).toBe(15);
    const members = await queryPartition(pk, 'MEMBER#');
    expect(members).toHaveLength(15);
    expect(
      members
        .filter((m) => m.name === '新成员')
        .map((m) => m.memberId)
        .sort(),
    ).toEqual(
      withStatus(results, 201)
        .map((r) => r.body.member.memberId as string)
        .sort(),
    );
    expect(actionCounts(await auditTrail(pk))['beijing.member.added']).toBe(5);
  }, 60_000);
});

// ——— funding: the two-person rule and the budget ———

describe('funding approvals under 50 clients (P-FOUR-EYES, P-BUDGET)', () => {
  const J = 'jiangsu';
  const agency = asAgencyId(J);
  const [fourEyesYear, budgetYear] = freshBudgetYears(2) as [number, number];
  const batchOf = (batchId: string) => getConsistent({ PK: batchPk(agency, batchId), SK: 'BATCH' });
  const budgetOf = (year: number) => getConsistent({ PK: budgetPk(agency, FUNDING_JS, year), SK: 'BUDGET' });
  const approve = (user: string, batchId: string, etag: string) =>
    step(finance(J, user), batchId, 'approve', etag);

  /** A batch of one category-A trainee (1,000,000 fen), calculated and then reviewed by `reviewer`. */
  const reviewedBatch = async (year: number, reviewer: string) => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year });
    const created = await createBatch(J, cycleId);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const reviewed = await step(
      finance(J, reviewer),
      created.body.batchId,
      'review',
      created.headers.etag as string,
    );
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    return { batchId: created.body.batchId as string, etag: reviewed.headers.etag as string };
  };

  beforeAll(() => useClock('2026-12-01T02:00:00Z'));

  it('50 concurrent approvals of one batch, 10 of them by its reviewer: exactly one lands, never the reviewer’s; the reviewer alone, 50 times: none (P-FOUR-EYES)', async () => {
    await setBudget(J, FUNDING_JS, fourEyesYear, 100_000_000);
    const batch = await reviewedBatch(fourEyesYear, 'fin-prep');
    const byReviewer = (i: number) => i % 5 === 0;

    const results = await race(CLIENTS, (i) =>
      approve(byReviewer(i) ? 'fin-prep' : `fin-approver-${i}`, batch.batchId, batch.etag),
    );

    const landed = results.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 200);
    expect(landed).toHaveLength(1);
    const winner = landed[0] as { r: ParsedResponse; i: number };
    expect(byReviewer(winner.i)).toBe(false);
    for (const kind of refusalKinds(results))
      expect(['409 P-FOUR-EYES', '409 P-BATCH-STATUS']).toContain(kind);
    results.forEach((r, i) => {
      if (byReviewer(i)) expect(r.status).toBe(409);
    });
    expect(await batchOf(batch.batchId)).toMatchObject({
      status: 'approved',
      reviewedBy: 'fin-prep',
      approvedBy: `fin-approver-${winner.i}`,
      version: 3,
    });
    expect(actionCounts(await auditTrail(batchPk(agency, batch.batchId)))).toEqual({
      'batch.calculated': 1,
      'batch.reviewed': 1,
      'batch.approved': 1,
    });
    expect((await budgetOf(fourEyesYear))?.committedFen).toBe(1_000_000);

    // The reviewer alone, 50 times at once: the batch stays reviewed, nothing is committed.
    const solo = await reviewedBatch(fourEyesYear, 'fin-prep');
    const refused = await race(CLIENTS, () => approve('fin-prep', solo.batchId, solo.etag));
    expect(tally(refused)).toEqual({ byStatus: { 409: CLIENTS }, refusals: { '409 P-FOUR-EYES': CLIENTS } });
    expect(await batchOf(solo.batchId)).toMatchObject({ status: 'reviewed', version: 2 });
    expect(actionCounts(await auditTrail(batchPk(agency, solo.batchId)))['batch.approved']).toBeUndefined();
    expect((await budgetOf(fourEyesYear))?.committedFen).toBe(1_000_000);
  }, 60_000);

  it('50 batches approved concurrently against a budget that fits exactly 10: exactly 10, and the committed amount is their sum (P-BUDGET)', async () => {
    await setBudget(J, FUNDING_JS, budgetYear, 10 * 1_000_000);
    const batches = await inChunks(range(CLIENTS), 10, () => reviewedBatch(budgetYear, 'fin-a'));

    const results = await race(CLIENTS, (i) => {
      const b = batches[i] as { batchId: string; etag: string };
      return approve(`fin-b-${i}`, b.batchId, b.etag);
    });

    expect(tally(results)).toEqual({
      byStatus: { 200: 10, 409: CLIENTS - 10 },
      refusals: { '409 P-BUDGET': CLIENTS - 10 },
    });
    const stored = await Promise.all(batches.map((b) => batchOf(b.batchId)));
    const approvedNow = stored.filter((b) => b?.status === 'approved');
    expect(approvedNow.map((b) => b?.batchId).sort()).toEqual(ids(withStatus(results, 200), 'batchId'));
    expect(stored.filter((b) => b?.status === 'reviewed')).toHaveLength(CLIENTS - 10);
    const budget = await budgetOf(budgetYear);
    expect(budget).toMatchObject({ limitFen: 10_000_000, committedFen: 10_000_000 });
    expect(approvedNow.reduce((sum, b) => sum + (b?.totalFen as number), 0)).toBe(budget?.committedFen);
    const trails = await Promise.all(batches.map((b) => auditTrail(batchPk(agency, b.batchId))));
    expect(actionCounts(trails.flat())).toEqual({
      'batch.calculated': CLIENTS,
      'batch.reviewed': CLIENTS,
      'batch.approved': 10,
    });
  }, 90_000);
});

// ——— reporting: one scorecard per reviewer per unit ———

describe('reporting forms under 50 clients (JS-FORMS)', () => {
  it('50 concurrent scorecards of one reviewer for one training unit: exactly one stored, one audit record (JS-FORMS)', async () => {
    useClock('2026-04-01T02:00:00Z');
    const c = await jsCohort([1]);
    const unitId = c.units[0] as string;
    const expert = formsCaller('jiangsu', ['reviewer'], `rev-${randomUUID().slice(0, 8)}`);

    const results = await race(CLIENTS, (i) =>
      reportingApi({
        method: 'POST',
        route: '/cycles/{cycleId}/forms/js-scorecards/{unitId}',
        pathParameters: { cycleId: c.cycleId, unitId },
        body: { items: SCORECARD_ITEMS.map((item) => ({ no: item.no, score: i % 6 })) },
        caller: expert,
      }),
    );

    expect(tally(results)).toEqual({
      byStatus: { 201: 1, 409: CLIENTS - 1 },
      refusals: { '409 JS-FORMS': CLIENTS - 1 },
    });
    const winner = results.findIndex((r) => r.status === 201);
    const pk = formKeys.scorecardPk(asAgencyId('jiangsu'), c.cycleId, unitId);
    const cards = await queryPartition(pk, 'REVIEWER#');
    expect(cards).toHaveLength(1);
    expect(cards[0]?.SK).toBe(formKeys.scorecardSk(expert.user as string));
    expect(JSON.stringify(cards[0])).toContain(`"score":${winner % 6}`);
    expect(actionCounts(await auditTrail(pk))).toEqual({ 'form.js-scorecard.submitted': 1 });
  }, 60_000);
});
