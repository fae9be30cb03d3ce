import { randomUUID } from 'node:crypto';
import { asAgencyId } from '@talent/data';
import { addDays } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import { residentIdFor } from '../../../test/support/people';
import { DynamoSelectionRepository } from '../src/repositories/selection-repository';
import {
  admin,
  at,
  type Caller,
  call,
  closeTask,
  drawList,
  finishStage,
  getCycle,
  getNomination,
  inBatches,
  nominationRoute,
  openCycle,
  openStage,
  registerReviewer,
  requestClose,
  reviewAndDecide,
  reviewer,
  submittedJiangsu,
  walkTo,
} from './selection-support';

// Integration: the provisional list (ranking, the category quota through the rule engine), the
// official list frozen by the lifecycle, filing (备案) and amendments, against DynamoDB Local.

const js = admin('jiangsu');
const jsUnit: Caller = { agency: 'jiangsu', roles: ['unit'], user: 'js-unit-2', unit: 'unit-002' };
const jsFinance: Caller = { agency: 'jiangsu', roles: ['finance'], user: 'js-finance' };

/**
 * A Jiangsu cycle in its nomination stage. JS-CATEGORIES caps a programme year (all its cycles) at
 * 100 a category, and the tests share one table: the test that lists 100 runs in a year of its own.
 */
const jiangsuInReview = async (year = 2026) => {
  const cycleId = await openCycle(js, {
    programmeId: 'jiangsu-excellent-technicians',
    year,
    selectionDate: `${year}-03-31`,
  });
  await walkTo(js, cycleId, 'nomination');
  return cycleId;
};

const newReviewer = async () => {
  const r = reviewer('jiangsu', `rv-${randomUUID().slice(0, 8)}`);
  await registerReviewer(js, r.user as string);
  return r;
};

const list = (caller: Caller, cycleId: string, stage: string, query: Record<string, string> = {}) =>
  call({
    method: 'GET',
    route: '/cycles/{cycleId}/list',
    pathParameters: { cycleId },
    query: { stage, limit: '100', ...query },
    caller,
  });

const wholeList = async (
  caller: Caller,
  cycleId: string,
  stage: string,
  query: Record<string, string> = {},
) => {
  const items: Record<string, any>[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(caller, cycleId, stage, { ...query, ...(cursor ? { cursor } : {}) });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
};

describe('the provisional list: ranking and the category quota (JS-CATEGORIES)', () => {
  it('lists the 100 best of category A by mean score and leaves the 101st not listed, naming the rule (JS-CATEGORIES)', async () => {
    const cycleId = await jiangsuInReview(2025);
    const r = await newReviewer();
    // Scores 0.5 apart, descending with the index: the 101st has the lowest.
    const scores = Array.from({ length: 101 }, (_, i) => 99 - i * 0.5);
    const nominations = await inBatches(scores, 6, async (score, i) => {
      const n = await submittedJiangsu(js, cycleId, i);
      await reviewAndDecide(js, r, n.nominationId, score);
      return n.nominationId;
    });
    const b = await submittedJiangsu(js, cycleId, 200, {
      category: 'B',
      attributes: { basis: '苏人社发〔2022〕101号', receivedChiefTechnicianSubsidy: false },
    });
    await reviewAndDecide(js, r, b.nominationId, 70);

    const drawn = await drawList(js, cycleId);
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    expect(drawn.body).toMatchObject({
      cycleId,
      stageId: 'nomination',
      listed: 101,
      notListed: 1,
      approximate: false,
    });
    expect(drawn.body.categories).toEqual([
      expect.objectContaining({
        category: 'A',
        quota: 100,
        enforced: true,
        candidates: 101,
        listed: 100,
        notListed: 1,
        flags: [],
      }),
      expect.objectContaining({
        category: 'B',
        quota: 100,
        enforced: true,
        candidates: 1,
        listed: 1,
        notListed: 0,
      }),
    ]);
    const last = await getNomination(js, nominations[100] as string);
    expect(last).toMatchObject({
      status: 'not-listed',
      listing: {
        position: 101,
        ruleId: 'JS-CATEGORIES',
        reason: expect.stringContaining('101 selected in category A'),
      },
    });
    expect((await getNomination(js, nominations[0] as string)).listing).toMatchObject({
      rank: 1,
      meanScore: 99,
    });
    expect((await getNomination(js, nominations[99] as string)).listing).toMatchObject({
      rank: 100,
      meanScore: 49.5,
    });

    const listed = await wholeList(js, cycleId, 'provisional', { category: 'A' });
    expect(listed.map((x) => x.rank)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(listed[0]).toMatchObject({
      name: '王小明',
      employer: '江苏某装备制造有限公司',
      occupation: '数控车工',
      meanScore: 99,
    });
    // Resident IDs masked for every role here, the admin included (X-RESIDENT-ID).
    expect(listed.every((x) => /^\d{6}\*{8}\d{3}[\dX]$/.test(x.residentId))).toBe(true);
    const forUnit = await wholeList(jsUnit, cycleId, 'provisional');
    expect(forUnit).toHaveLength(101);
    expect(forUnit[0]?.meanScore).toBeUndefined();
    expect((await list(jsFinance, cycleId, 'provisional')).status).toBe(200);

    // Idempotent: the same list again, nothing rewritten.
    const version = (await getNomination(js, nominations[5] as string)).version;
    const cycleVersion = (await getCycle(js, cycleId)).version;
    const again = await drawList(js, cycleId);
    expect(again.body).toEqual(drawn.body);
    expect((await getNomination(js, nominations[5] as string)).version).toBe(version);
    expect((await getCycle(js, cycleId)).version).toBe(cycleVersion);

    // The official-list stage opens: the listed become official, once (100 + 1 across transactions).
    await finishStage(js, cycleId, 'nomination');
    await openStage(js, cycleId, 'official-list');
    const frozen = await getCycle(js, cycleId);
    expect(frozen.officialList).toMatchObject({ count: 101 });
    expect(await openStage(js, cycleId, 'official-list')).toMatchObject({ outcome: 'wait' });
    expect((await getCycle(js, cycleId)).version).toBe(frozen.version);
    const official = await wholeList(js, cycleId, 'official');
    expect(official).toHaveLength(101);
    expect(official.filter((x) => x.category === 'A').map((x) => x.rank)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(await getNomination(js, nominations[100] as string)).toMatchObject({ status: 'not-listed' });
    // A draw after the list stage closed is refused.
    const late = await drawList(js, cycleId);
    expect(late.status).toBe(409);
    expect(late.body.ruleId).toBe('P-CYCLE-STAGE');
  });

  it('runs one draw at a time per cycle: a draw while another holds the claim is 409 at once, and the claim lapses (P-LIST-DRAW)', async () => {
    const cycleId = await jiangsuInReview();
    const r = await newReviewer();
    const a = await submittedJiangsu(js, cycleId, 1);
    await reviewAndDecide(js, r, a.nominationId, 90);
    const selection = new DynamoSelectionRepository();
    const agency = asAgencyId('jiangsu');
    // Another draw is running (it holds the claim): refused, nothing written.
    expect(await selection.claimDraw(agency, cycleId, 'other-draw', 60_000)).toBe(true);
    const version = (await getNomination(js, a.nominationId)).version;
    const refused = await drawList(js, cycleId);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ ruleId: 'P-LIST-DRAW', field: 'cycleId' });
    expect((await getNomination(js, a.nominationId)).version).toBe(version);
    // A draw's release never frees another holder's claim.
    await selection.releaseDraw(agency, cycleId, 'not-the-holder');
    expect((await drawList(js, cycleId)).status).toBe(409);
    // The holder gives it back: the next draw runs, and gives its own claim back when done.
    await selection.releaseDraw(agency, cycleId, 'other-draw');
    expect((await drawList(js, cycleId)).status).toBe(200);
    expect((await drawList(js, cycleId)).status).toBe(200);
    // A claim whose holder died lapses: an expired claim does not block.
    expect(await selection.claimDraw(agency, cycleId, 'crashed-draw', -1)).toBe(true);
    expect((await drawList(js, cycleId)).status).toBe(200);
  });

  it('ranks equal mean scores by submission time, the earlier first', async () => {
    const cycleId = await jiangsuInReview();
    const r = await newReviewer();
    at('2026-04-01T03:00:00Z');
    const later = await submittedJiangsu(js, cycleId, 1);
    at('2026-04-01T02:30:00Z');
    const earlier = await submittedJiangsu(js, cycleId, 2);
    at('2026-04-01T02:00:00Z');
    await reviewAndDecide(js, r, later.nominationId, 86.5);
    await reviewAndDecide(js, r, earlier.nominationId, 86.5);
    await drawList(js, cycleId);
    expect((await getNomination(js, earlier.nominationId)).listing).toMatchObject({ rank: 1, position: 1 });
    expect((await getNomination(js, later.nominationId)).listing).toMatchObject({ rank: 2, position: 2 });
  });

  it('draws only while every nomination in review has a decision (P-REVIEW-PENDING)', async () => {
    const cycleId = await jiangsuInReview();
    const r = await newReviewer();
    const a = await submittedJiangsu(js, cycleId, 1);
    await submittedJiangsu(js, cycleId, 2);
    await reviewAndDecide(js, r, a.nominationId, 80);
    const refused = await drawList(js, cycleId);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      ruleId: 'P-REVIEW-PENDING',
      detail: expect.stringContaining('1 nomination of'),
    });
    expect((await drawList({ ...js, roles: ['reviewer'] }, cycleId)).status).toBe(403);
  });

  it('draws again while the stage is open, and once more as it closes, placing later decisions by their score', async () => {
    const cycleId = await jiangsuInReview();
    const r = await newReviewer();
    const first = await submittedJiangsu(js, cycleId, 1);
    await reviewAndDecide(js, r, first.nominationId, 80);
    expect((await drawList(js, cycleId)).body.listed).toBe(1);
    const better = await submittedJiangsu(js, cycleId, 2);
    await reviewAndDecide(js, r, better.nominationId, 90);
    const redrawn = await drawList(js, cycleId);
    expect(redrawn.body.listed).toBe(2);
    expect((await getNomination(js, better.nominationId)).listing.rank).toBe(1);
    expect((await getNomination(js, first.nominationId)).listing.rank).toBe(2);
    expect((await wholeList(js, cycleId, 'provisional')).map((x) => x.nominationId)).toEqual([
      better.nominationId,
      first.nominationId,
    ]);
    // Decided after the last draw: the close of the stage draws once more and lists it too.
    const late = await submittedJiangsu(js, cycleId, 3);
    await reviewAndDecide(js, r, late.nominationId, 85);
    await finishStage(js, cycleId, 'nomination');
    expect((await getNomination(js, late.nominationId)).listing).toMatchObject({ rank: 2 });
    expect((await getCycle(js, cycleId)).provisionalList).toMatchObject({
      listed: 3,
      drawnBy: 'system:lifecycle',
    });
  });
});

describe('a list stage that closes by deadline (LS-CALENDAR)', () => {
  it('draws the Lishui master list as the nomination deadline passes and freezes it, leaving undecided ones off (LS-CALENDAR)', async () => {
    const ls = admin('lishui');
    at('2026-09-01T01:00:00Z');
    const cycleId = await openCycle(ls, { programmeId: 'lishui-masters', year: 2026 });
    await walkTo(ls, cycleId, 'master-nomination');
    const master = async (i: number) => {
      const created = await call({
        method: 'POST',
        route: '/nominations',
        body: {
          programmeId: 'lishui-masters',
          cycleId,
          category: 'master-tier-1',
          unitId: 'ls-county-01',
          nominee: {
            name: '张大师',
            residentId: residentIdFor(addDays('1976-03-08', i), 31),
            phone: '13812345678',
            employer: '丽水某木雕企业',
            occupation: '木雕工',
            skillLevel: '高级技师',
          },
          attributes: {
            qualification: 'chief-technician',
            nominationRoute: 'self',
            hasApprenticeTeachingExperience: true,
            proposedServiceYears: 6,
            apprenticeGrade: '2026级木雕1班',
          },
        },
        caller: ls,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await nominationRoute(ls, created.body.nominationId, 'submit')).status).toBe(200);
      return created.body.nominationId as string;
    };
    const [decided, undecided] = [await master(1), await master(2)];
    const r = reviewer('lishui', `rv-${randomUUID().slice(0, 8)}`);
    await registerReviewer(ls, r.user as string);
    await reviewAndDecide(ls, r, decided, 90);
    at('2026-10-31T16:00:00Z'); // 1 November in Shanghai
    expect(await closeTask(ls, cycleId, 'master-nomination')).toMatchObject({ outcome: 'advance' });
    await openStage(ls, cycleId, 'master-list');
    expect((await getCycle(ls, cycleId)).officialList).toMatchObject({ count: 1 });
    expect((await getNomination(ls, decided)).status).toBe('official');
    expect((await getNomination(ls, undecided)).status).toBe('submitted');
    at('2026-04-01T02:00:00Z');
  });
});

describe('the official list: amendments and filing (GD-APPLY-FLOW, X-AUDIT)', () => {
  it('refuses amendments and filing before the list is frozen (P-OFFICIAL-LIST)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 1);
    const amend = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/amendments',
      pathParameters: { cycleId },
      body: { nominationId: n.nominationId, action: 'remove', reason: '发现违规' },
      caller: js,
    });
    expect(amend.status).toBe(409);
    expect(amend.body.ruleId).toBe('P-OFFICIAL-LIST');
    const filing = await call({
      method: 'POST',
      route: '/cycles/{cycleId}/filing',
      pathParameters: { cycleId },
      body: { authority: '人社部', filedOn: '2026-04-01', reference: '备字〔2026〕1号' },
      caller: js,
    });
    expect(filing.status).toBe(409);
    expect(filing.body.ruleId).toBe('P-OFFICIAL-LIST');
  });

  it('removes an official nomination and reinstates it by audited amendments only (X-AUDIT)', async () => {
    const cycleId = await jiangsuInReview();
    const r = await newReviewer();
    const n = await submittedJiangsu(js, cycleId, 1);
    await reviewAndDecide(js, r, n.nominationId, 88);
    await drawList(js, cycleId);
    await walkTo(js, cycleId, 'official-list');
    const amend = (nominationId: string, action: string, caller = js) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/amendments',
        pathParameters: { cycleId },
        body: { nominationId, action, reason: '经核查调整' },
        caller,
      });
    expect((await amend(n.nominationId, 'reinstate')).status).toBe(409);
    const removed = await amend(n.nominationId, 'remove');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({
      status: 'removed',
      removal: { ruleId: 'P-AMENDMENT', reason: '经核查调整' },
      amendments: [{ action: 'remove', by: 'jiangsu-admin' }],
    });
    expect(await wholeList(js, cycleId, 'official')).toHaveLength(0);
    const reinstated = await amend(n.nominationId, 'reinstate');
    expect(reinstated.status).toBe(200);
    expect(reinstated.body.status).toBe('official');
    expect(reinstated.body.removal).toBeUndefined();
    expect(await wholeList(js, cycleId, 'official')).toHaveLength(1);
    expect((await amend(n.nominationId, 'remove', { ...js, roles: ['reviewer'] })).status).toBe(403);
    expect((await amend('01ARZ3NDEKTSV4RRFFQ69G5FAV', 'remove')).status).toBe(404);
    const trail = await call({
      method: 'GET',
      route: '/nominations/{nominationId}/audit',
      pathParameters: { nominationId: n.nominationId },
      query: { limit: '100' },
      caller: { agency: 'jiangsu', roles: ['auditor'], user: 'a' },
    });
    const actions = trail.body.items.map((x: { action: string }) => x.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'nomination.listed',
        'nomination.official:official-list',
        'nomination.amended-remove',
        'nomination.amended-reinstate',
      ]),
    );
  });

  it('records the filing (备案) and requests the close of the filing stage (GD-APPLY-FLOW)', async () => {
    const gd = admin('guangdong');
    at('2026-04-01T02:00:00Z');
    const cycleId = await openCycle(gd, {
      programmeId: 'guangdong-diploma-technician',
      year: 2026,
      selectionDate: '2026-03-01',
    });
    await walkTo(gd, cycleId, 'evaluation');
    expect((await drawList(gd, cycleId)).status).toBe(200);
    await finishStage(gd, cycleId, 'evaluation');
    await openStage(gd, cycleId, 'publicity');
    at('2026-04-20T02:00:00Z'); // after the 5 working days
    expect(await closeTask(gd, cycleId, 'publicity')).toMatchObject({ outcome: 'advance' });
    await walkTo(gd, cycleId, 'filing');
    const cycle = await getCycle(gd, cycleId);
    expect(cycle.officialList).toMatchObject({ frozenAt: '2026-04-20T02:00:00.000Z', count: 0 });
    const file = (body: Record<string, unknown>) =>
      call({
        method: 'POST',
        route: '/cycles/{cycleId}/filing',
        pathParameters: { cycleId },
        body,
        caller: gd,
      });
    const future = await file({
      authority: '人社部职业能力建设司',
      filedOn: '2026-05-01',
      reference: '备〔2026〕7号',
    });
    expect(future.status).toBe(422);
    expect(future.body.ruleId).toBe('P-FILING-DATE');
    expect((await file({ authority: '人社部', filedOn: '2026-02-30', reference: 'x' })).status).toBe(422);
    const filed = await file({
      authority: '人社部职业能力建设司',
      filedOn: '2026-04-20',
      reference: '备〔2026〕7号',
    });
    expect(filed.status).toBe(200);
    expect(filed.body.filing).toMatchObject({
      authority: '人社部职业能力建设司',
      reference: '备〔2026〕7号',
      recordedBy: 'guangdong-admin',
    });
    expect(filed.body.stages.find((s: { id: string }) => s.id === 'filing')).toMatchObject({
      status: 'open',
      closedBy: 'guangdong-admin',
      closeReason: expect.stringContaining('备〔2026〕7号'),
    });
    expect(await closeTask(gd, cycleId, 'filing')).toMatchObject({ outcome: 'advance' });
    expect((await requestClose(gd, cycleId, 'filing')).status).toBe(409); // closed now
    at('2026-04-01T02:00:00Z');
  });
});
