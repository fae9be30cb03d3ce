import { randomUUID } from 'node:crypto';
import { addDays } from '@talent/kernel';
import { describe, expect, it } from 'vitest';
import { residentIdFor } from '../../../test/support/people';
import { jiangsuNomination } from '../../../test/support/samples';
import {
  admin,
  at,
  type Caller,
  call,
  closeTask,
  drawList,
  getCycle,
  getNomination,
  nominationRoute,
  openCycle,
  openStage,
  registerReviewer,
  requestClose,
  reviewAndDecide,
  reviewBody,
  reviewer,
  submittedJiangsu,
  walkTo,
} from './selection-support';

// Integration: review inside a cycle's review stages — the reviewer registry, assignments, reviews,
// returns and decisions — through the nominations handler against DynamoDB Local.

const js = admin('jiangsu');
const auditor: Caller = { agency: 'jiangsu', roles: ['auditor'], user: 'js-auditor' };
const unit: Caller = { agency: 'jiangsu', roles: ['unit'], user: 'js-unit', unit: 'unit-001' };
const fresh = () => `rv-${randomUUID().slice(0, 8)}`;

/** A Jiangsu cycle in its nomination stage (Jiangsu reviews there: its calendar has no review stage). */
const jiangsuInReview = async (extra: Record<string, unknown> = {}) => {
  const cycleId = await openCycle(js, {
    programmeId: 'jiangsu-excellent-technicians',
    year: 2026,
    selectionDate: '2026-03-31',
    ...extra,
  });
  await walkTo(js, cycleId, 'nomination');
  return cycleId;
};

/** A registered reviewer (of `unitId`, if given) and its token. */
const newReviewer = async (unitId?: string, tokenUnit?: string) => {
  const id = fresh();
  await registerReviewer(js, id, unitId);
  return reviewer('jiangsu', id, tokenUnit);
};

const audit = async (nominationId: string) =>
  (
    await call({
      method: 'GET',
      route: '/nominations/{nominationId}/audit',
      pathParameters: { nominationId },
      query: { limit: '100' },
      caller: auditor,
    })
  ).body.items as { action: string; actorId: string; reason?: string }[];

describe('reviewer registry and assignments (X-RECUSAL)', () => {
  it('registers a reviewer, updates their unit, and lists the registry for admin and auditor (X-AUDIT)', async () => {
    const id = fresh();
    const first = await call({
      method: 'POST',
      route: '/reviewers',
      body: { reviewerId: id, name: '李专家' },
      caller: js,
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      reviewerId: id,
      name: '李专家',
      version: 1,
      createdBy: 'jiangsu-admin',
    });
    const same = await call({
      method: 'POST',
      route: '/reviewers',
      body: { reviewerId: id, name: '李专家' },
      caller: js,
    });
    expect(same.status).toBe(200);
    expect(same.body.version).toBe(1);
    const moved = await call({
      method: 'POST',
      route: '/reviewers',
      body: { reviewerId: id, name: '李专家', unitId: 'unit-009' },
      caller: js,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ unitId: 'unit-009', version: 2 });
    const listed = async (caller: Caller) => {
      const items: { reviewerId: string }[] = [];
      let cursor: string | undefined;
      do {
        const page = await call({
          method: 'GET',
          route: '/reviewers',
          query: { limit: '100', ...(cursor ? { cursor } : {}) },
          caller,
        });
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      return items;
    };
    expect((await listed(auditor)).find((r) => r.reviewerId === id)).toMatchObject({ unitId: 'unit-009' });
    expect((await listed(admin('beijing'))).find((r) => r.reviewerId === id)).toBeUndefined();
    expect((await call({ method: 'GET', route: '/reviewers', caller: unit })).status).toBe(403);
    const bad = await call({
      method: 'POST',
      route: '/reviewers',
      body: { reviewerId: 'a#b', name: 'x' },
      caller: js,
    });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toBe('application/problem+json');
  });

  it('never assigns a reviewer registered with the nominee’s own unit (X-RECUSAL)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 1);
    const ownUnit = await newReviewer('unit-001');
    const r = await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [ownUnit.user] });
    expect(r.status).toBe(403);
    expect(r.body.ruleId).toBe('X-RECUSAL');
    expect((await getNomination(js, n.nominationId)).assignments).toEqual([]);
  });

  it('assigns only registered reviewers, at most 3, to submitted nominations (P-REVIEWER, P-ASSIGNMENTS)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 2);
    const [a, b, c, d] = await Promise.all([newReviewer(), newReviewer(), newReviewer(), newReviewer()]);
    const unknown = await nominationRoute(js, n.nominationId, 'assignments', {
      reviewerIds: [a?.user, 'nobody'],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ ruleId: 'P-REVIEWER', field: 'body.reviewerIds[1]' }),
    ]);
    const twice = await nominationRoute(js, n.nominationId, 'assignments', {
      reviewerIds: [a?.user, a?.user],
    });
    expect(twice.status).toBe(422);
    const ok = await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [a?.user, b?.user] });
    expect(ok.status).toBe(200);
    expect(ok.body.assignments.map((x: { reviewerId: string }) => x.reviewerId)).toEqual([a?.user, b?.user]);
    // Already assigned: kept, nothing written.
    const again = await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [b?.user] });
    expect(again.body.version).toBe(ok.body.version);
    const four = await nominationRoute(js, n.nominationId, 'assignments', {
      reviewerIds: [c?.user, d?.user],
    });
    expect(four.status).toBe(422);
    expect(four.body.ruleId).toBe('P-ASSIGNMENTS');
    const draft = await call({
      method: 'POST',
      route: '/nominations',
      body: jiangsuNomination(cycleId),
      caller: js,
    });
    const onDraft = await nominationRoute(js, draft.body.nominationId, 'assignments', {
      reviewerIds: [c?.user],
    });
    expect(onDraft.status).toBe(409);
    expect(onDraft.body.ruleId).toBe('P-NOMINATION-STATUS');
    expect(
      (
        await nominationRoute(reviewer('jiangsu', 'x'), n.nominationId, 'assignments', {
          reviewerIds: [c?.user],
        })
      ).status,
    ).toBe(403);
    expect((await audit(n.nominationId)).map((x) => x.action)).toContain('nomination.reviewers-assigned');
  });
});

describe('reviews (X-RECUSAL, X-AUDIT)', () => {
  it('takes one immutable review per assigned reviewer, in the audit trail (X-AUDIT)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 3);
    const assigned = await newReviewer();
    const other = await newReviewer();
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [assigned.user] });
    const notAssigned = await nominationRoute(other, n.nominationId, 'reviews', reviewBody(88));
    expect(notAssigned.status).toBe(403);
    expect(notAssigned.body.ruleId).toBe('P-REVIEWER-ASSIGNMENT');
    const first = await nominationRoute(assigned, n.nominationId, 'reviews', reviewBody(88.5));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      reviewerId: assigned.user,
      round: 1,
      score: 88.5,
      recommendation: 'recommend',
    });
    const second = await nominationRoute(
      assigned,
      n.nominationId,
      'reviews',
      reviewBody(60, 'not-recommend'),
    );
    expect(second.status).toBe(409);
    expect(second.body.ruleId).toBe('P-ONE-REVIEW');
    // Concurrent duplicates: exactly one is stored.
    const late = await newReviewer();
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [late.user] });
    const race = await Promise.all(
      Array.from({ length: 5 }, () => nominationRoute(late, n.nominationId, 'reviews', reviewBody(70))),
    );
    expect(race.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    const reviews = await call({
      method: 'GET',
      route: '/nominations/{nominationId}/reviews',
      pathParameters: { nominationId: n.nominationId },
      caller: auditor,
    });
    expect(reviews.body.items.map((r: { score: number }) => r.score).sort()).toEqual([70, 88.5]);
    expect(
      (
        await call({
          method: 'GET',
          route: '/nominations/{nominationId}/reviews',
          pathParameters: { nominationId: n.nominationId },
          caller: unit,
        })
      ).status,
    ).toBe(403);
    const trail = await audit(n.nominationId);
    expect(
      trail
        .filter((x) => x.action === 'nomination.reviewed')
        .map((x) => x.actorId)
        .sort(),
    ).toEqual([assigned.user, late.user].sort());
  });

  it('refuses a review when the reviewer’s token names the nominee’s unit (X-RECUSAL)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 4);
    const tokenOfOwnUnit = await newReviewer(undefined, 'unit-001');
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [tokenOfOwnUnit.user] });
    const r = await nominationRoute(tokenOfOwnUnit, n.nominationId, 'reviews', reviewBody(90));
    expect(r.status).toBe(403);
    expect(r.body.ruleId).toBe('X-RECUSAL');
  });

  it('refuses a review by a reviewer registered with the nominee’s unit after assignment (X-RECUSAL)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 5);
    const r = await newReviewer();
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [r.user] });
    await registerReviewer(js, r.user as string, 'unit-001'); // moved to the nominee's unit since
    const review = await nominationRoute(r, n.nominationId, 'reviews', reviewBody(90));
    expect(review.status).toBe(403);
    expect(review.body.ruleId).toBe('X-RECUSAL');
  });

  it('takes reviews only while a review stage is open (P-REVIEW-STAGE)', async () => {
    const zh = admin('zhuhai');
    const cycleId = await zhuhaiInNomination();
    const created = await call({
      method: 'POST',
      route: '/nominations',
      body: zhuhaiNomination(cycleId, 1),
      caller: zh,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.nominationId;
    await nominationRoute(zh, id, 'submit');
    const zr = reviewer('zhuhai', fresh());
    await registerReviewer(zh, zr.user as string);
    expect((await nominationRoute(zh, id, 'assignments', { reviewerIds: [zr.user] })).status).toBe(200);
    const early = await nominationRoute(zr, id, 'reviews', reviewBody(80));
    expect(early.status).toBe(409);
    expect(early.body.ruleId).toBe('P-REVIEW-STAGE');
    await requestClose(zh, cycleId, 'nomination');
    await closeTask(zh, cycleId, 'nomination');
    await openStage(zh, cycleId, 'review');
    expect((await nominationRoute(zr, id, 'reviews', reviewBody(80))).status).toBe(201);
  });

  it('answers every bad review with problem+json 422 (P-SCHEMA)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 6);
    const r = await newReviewer();
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [r.user] });
    for (const body of [
      { ...reviewBody(90), score: 88.25 },
      { ...reviewBody(90), score: 101 },
      { ...reviewBody(90), score: -1 },
      { ...reviewBody(90), score: '90' },
      { ...reviewBody(90), recommendation: 'maybe' },
      { ...reviewBody(90), comment: '' },
      { ...reviewBody(90), extra: true },
      { score: 90 },
    ]) {
      const res = await nominationRoute(r, n.nominationId, 'reviews', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers['content-type']).toBe('application/problem+json');
    }
  });
});

describe('returns and resubmission', () => {
  it('returns a nomination to its unit, which corrects and resubmits it; its reviews start over', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 7);
    const r = await newReviewer();
    const stranger = await newReviewer();
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [r.user] });
    expect((await nominationRoute(r, n.nominationId, 'reviews', reviewBody(75))).status).toBe(201);
    expect((await nominationRoute(stranger, n.nominationId, 'return', { reason: '材料不全' })).status).toBe(
      403,
    );
    const returned = await nominationRoute(r, n.nominationId, 'return', { reason: '缺少业绩证明材料' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({
      status: 'returned',
      reviewRound: 2,
      lastReturn: { by: r.user, reason: '缺少业绩证明材料' },
    });
    expect((await nominationRoute(r, n.nominationId, 'reviews', reviewBody(80))).status).toBe(409);
    const patched = await call({
      method: 'PATCH',
      route: '/nominations/{nominationId}',
      pathParameters: { nominationId: n.nominationId },
      headers: { 'if-match': `"${returned.body.version}"` },
      body: {
        nominee: {
          ...jiangsuNomination(cycleId).nominee,
          residentId: n.nominee.residentId,
          employer: '江苏某装备制造有限公司（补正）',
        },
      },
      caller: unit,
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // The unit sees why, not who: reviewers are not to be approached.
    expect(patched.body.assignments).toEqual([]);
    expect(patched.body.lastReturn).toEqual({
      by: 'reviewer',
      at: expect.any(String),
      reason: '缺少业绩证明材料',
    });
    expect(patched.raw).not.toContain(r.user);
    const resubmitted = await nominationRoute(unit, n.nominationId, 'submit');
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body).toMatchObject({ status: 'submitted', reviewRound: 2 });
    const needsNew = await nominationRoute(js, n.nominationId, 'decision', {
      outcome: 'recommend',
      reasons: 'x',
    });
    expect(needsNew.status).toBe(409);
    expect(needsNew.body).toMatchObject({
      ruleId: 'P-REVIEWS-REQUIRED',
      detail: expect.stringContaining('has 0'),
    });
    const round2 = await nominationRoute(r, n.nominationId, 'reviews', reviewBody(85));
    expect(round2.body.round).toBe(2);
    const decided = await nominationRoute(js, n.nominationId, 'decision', {
      outcome: 'recommend',
      reasons: '补正后符合条件',
    });
    expect(decided.body.decision).toMatchObject({ round: 2, scores: [85], meanScore: 85 });
    expect((await nominationRoute(js, n.nominationId, 'return', { reason: 'x' })).status).toBe(409);
  });
});

describe('decisions (X-AUDIT)', () => {
  it('needs two independent reviews when the cycle says so, and records a disagreement as the moderation (X-AUDIT)', async () => {
    const cycleId = await jiangsuInReview({ reviewersPerNomination: 2 });
    const n = await submittedJiangsu(js, cycleId, 8);
    const [a, b] = await Promise.all([newReviewer(), newReviewer()]);
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [a.user, b.user] });
    await nominationRoute(a, n.nominationId, 'reviews', reviewBody(91));
    const one = await nominationRoute(js, n.nominationId, 'decision', {
      outcome: 'recommend',
      reasons: '业绩突出',
    });
    expect(one.status).toBe(409);
    expect(one.body).toMatchObject({
      ruleId: 'P-REVIEWS-REQUIRED',
      detail: expect.stringContaining('needs 2'),
    });
    at('2026-04-01T05:00:00Z'); // the second review comes later
    await nominationRoute(b, n.nominationId, 'reviews', reviewBody(62, 'not-recommend'));
    at('2026-04-01T02:00:00Z');
    const decided = await nominationRoute(js, n.nominationId, 'decision', {
      outcome: 'recommend',
      reasons: '经合议，予以推荐',
    });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      status: 'recommended',
      decision: {
        outcome: 'recommend',
        moderation: true,
        scores: [91, 62],
        meanScore: 76.5,
        by: 'jiangsu-admin',
      },
    });
    const trail = await audit(n.nominationId);
    expect(trail.find((x) => x.action === 'nomination.moderated')).toMatchObject({
      reason: 'recommend: 经合议，予以推荐',
    });
    expect(
      (await nominationRoute(js, n.nominationId, 'decision', { outcome: 'not-recommend', reasons: 'x' }))
        .status,
    ).toBe(409);
    expect(
      (await nominationRoute(a, n.nominationId, 'decision', { outcome: 'recommend', reasons: 'x' })).status,
    ).toBe(403);
  });

  it('records agreeing reviewers as a plain decision, not a moderation', async () => {
    const cycleId = await jiangsuInReview({ reviewersPerNomination: 2 });
    const n = await submittedJiangsu(js, cycleId, 9);
    const [a, b] = await Promise.all([newReviewer(), newReviewer()]);
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [a.user, b.user] });
    await nominationRoute(a, n.nominationId, 'reviews', reviewBody(55, 'not-recommend'));
    await nominationRoute(b, n.nominationId, 'reviews', reviewBody(58, 'not-recommend'));
    const decided = await nominationRoute(js, n.nominationId, 'decision', {
      outcome: 'not-recommend',
      reasons: '业绩不足',
    });
    expect(decided.body).toMatchObject({ status: 'not-recommended', decision: { moderation: false } });
    expect((await audit(n.nominationId)).map((x) => x.action)).toContain('nomination.decided');
  });

  it('refuses to recommend while a relaxable breach awaits an override, naming it (JS-LEVEL)', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 10, {}, { skillLevel: '技师' });
    expect(n.eligibility.status).toBe('needs-override');
    const r = await newReviewer();
    await nominationRoute(js, n.nominationId, 'assignments', { reviewerIds: [r.user] });
    await nominationRoute(r, n.nominationId, 'reviews', reviewBody(93));
    const refused = await nominationRoute(js, n.nominationId, 'decision', {
      outcome: 'recommend',
      reasons: '技艺突出',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      ruleId: 'P-OVERRIDE-PENDING',
      detail: expect.stringContaining('JS-LEVEL'),
    });
    const override = await nominationRoute(r, n.nominationId, 'overrides', {
      ruleId: 'JS-LEVEL',
      reason: '特别优秀，放宽至技师',
    });
    expect(override.status).toBe(200);
    const decided = await nominationRoute(js, n.nominationId, 'decision', {
      outcome: 'recommend',
      reasons: '技艺突出',
    });
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('recommended');
  });

  it('closes the end of the review only when every nomination in review is decided, saying how many, and draws the list then (P-REVIEW-PENDING)', async () => {
    const zh = admin('zhuhai');
    const cycleId = await zhuhaiInNomination();
    const ids: string[] = [];
    for (const i of [1, 2, 3]) {
      const created = await call({
        method: 'POST',
        route: '/nominations',
        body: zhuhaiNomination(cycleId, i),
        caller: zh,
      });
      ids.push(created.body.nominationId);
      await nominationRoute(zh, created.body.nominationId, 'submit');
    }
    await nominationRoute(zh, ids[2] as string, 'return', { reason: '请补充企业证明' });
    await walkTo(zh, cycleId, 'review');
    const zr = reviewer('zhuhai', fresh());
    await registerReviewer(zh, zr.user as string);
    await reviewAndDecide(zh, zr, ids[0] as string, 80);
    const refused = await requestClose(zh, cycleId, 'review');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      ruleId: 'P-REVIEW-PENDING',
      detail: expect.stringContaining('2 nominations'),
    });
    await reviewAndDecide(zh, zr, ids[1] as string, 70, 'not-recommend');
    await nominationRoute(zh, ids[2] as string, 'withdraw', { reason: '单位撤回' });
    expect((await requestClose(zh, cycleId, 'review')).status).toBe(200);
    // Zhuhai has no provisional-list stage: the list is drawn as its review closes (none drawn by hand).
    expect(await closeTask(zh, cycleId, 'review')).toMatchObject({ outcome: 'advance' });
    expect((await getNomination(zh, ids[0] as string)).listing).toMatchObject({ rank: 1, meanScore: 80 });
    expect((await getCycle(zh, cycleId)).provisionalList).toMatchObject({
      stageId: 'review',
      drawnBy: 'system:lifecycle',
      listed: 1,
    });
    expect((await drawList(zh, cycleId)).body.ruleId).toBe('P-CYCLE-STAGE');
  });
});

describe('status machine and the one-nomination-per-cycle claim (P-ONE-NOMINATION-PER-CYCLE)', () => {
  it('keeps the person’s place when not recommended, frees it when withdrawn from review', async () => {
    const cycleId = await jiangsuInReview();
    const r = await newReviewer();
    const rejected = await submittedJiangsu(js, cycleId, 11);
    await reviewAndDecide(js, r, rejected.nominationId, 40, 'not-recommend');
    const again = await call({
      method: 'POST',
      route: '/nominations',
      body: jiangsuNomination(cycleId, { unitId: 'unit-002' }, { residentId: rejected.nominee.residentId }),
      caller: js,
    });
    expect(again.status).toBe(409);
    expect(again.body.ruleId).toBe('P-ONE-NOMINATION-PER-CYCLE');
    const withdrawnLate = await nominationRoute(js, rejected.nominationId, 'withdraw', { reason: '撤回' });
    expect(withdrawnLate.status).toBe(409);
    expect(withdrawnLate.body.ruleId).toBe('P-NOMINATION-STATUS');

    const returned = await submittedJiangsu(js, cycleId, 12);
    await nominationRoute(js, returned.nominationId, 'return', { reason: '材料不全' });
    expect(
      (await nominationRoute(unit, returned.nominationId, 'withdraw', { reason: '不再申报' })).status,
    ).toBe(200);
    const renominated = await call({
      method: 'POST',
      route: '/nominations',
      body: jiangsuNomination(cycleId, { unitId: 'unit-002' }, { residentId: returned.nominee.residentId }),
      caller: js,
    });
    expect(renominated.status).toBe(201);
  });
});

describe('tenant isolation of the review (X-TENANT)', () => {
  it('answers 404 for another agency’s nomination and cycle, whatever the role', async () => {
    const cycleId = await jiangsuInReview();
    const n = await submittedJiangsu(js, cycleId, 13);
    const bj = admin('beijing');
    const bjReviewer = reviewer('beijing', fresh());
    await registerReviewer(bj, bjReviewer.user as string);
    expect(
      (await nominationRoute(bj, n.nominationId, 'assignments', { reviewerIds: [bjReviewer.user] })).status,
    ).toBe(404);
    expect((await nominationRoute(bjReviewer, n.nominationId, 'reviews', reviewBody(90))).status).toBe(404);
    expect(
      (await nominationRoute(bj, n.nominationId, 'decision', { outcome: 'recommend', reasons: 'x' })).status,
    ).toBe(404);
    expect((await nominationRoute(bj, n.nominationId, 'return', { reason: 'x' })).status).toBe(404);
    expect((await drawList(bj, cycleId)).status).toBe(404);
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/list',
      pathParameters: { cycleId },
      query: { stage: 'provisional' },
      caller: bj,
    });
    expect(list.status).toBe(404);
    // A Jiangsu reviewer is unknown to Beijing's registry: never assignable there.
    const jsReviewer = await newReviewer();
    const bjNomination = await nominationRoute(bj, n.nominationId, 'assignments', {
      reviewerIds: [jsReviewer.user],
    });
    expect(bjNomination.status).toBe(404);
  });
});

/** A Zhuhai cycle in its nomination stage (its review stage comes next). */
const zhuhaiInNomination = async () => {
  const cycleId = await openCycle(admin('zhuhai'), {
    programmeId: 'zhuhai-new-craftsmen',
    year: 2026,
    selectionDate: '2026-03-31',
  });
  await walkTo(admin('zhuhai'), cycleId, 'nomination');
  return cycleId;
};

/** A Zhuhai craftsman nomination of a distinct person (the i-th of the cycle). */
const zhuhaiNomination = (cycleId: string, i: number) => ({
  programmeId: 'zhuhai-new-craftsmen',
  cycleId,
  category: 'craftsman',
  unitId: 'zh-unit-01',
  nominee: {
    ...jiangsuNomination(cycleId).nominee,
    name: '陈工匠',
    employer: '珠海某电子有限公司',
    occupation: '电子设备装接工',
    residentId: residentIdFor(addDays('1982-01-01', i * 5), 21),
  },
  attributes: { industry: 'integrated-circuits', enterprise: '珠海某电子有限公司', transmitsSkills: true },
});
