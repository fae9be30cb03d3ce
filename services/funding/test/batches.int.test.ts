import { describe, expect, it } from 'vitest';
import { seedOfficialList } from '../../../test/support/official-list';
import {
  admin,
  approved,
  auditor,
  call,
  createBatch,
  facts,
  finance,
  JS,
  lines,
  person,
  seedJiangsu,
  setBudget,
  step,
  ZH,
} from './support';

const J = 'jiangsu';

const preview = (cycleId: string, caller = finance(J), query: Record<string, string> = {}) =>
  call({
    method: 'GET',
    route: '/cycles/{cycleId}/disbursement',
    pathParameters: { cycleId },
    query,
    caller,
  });
const getBatch = (batchId: string, caller = finance(J)) =>
  call({ method: 'GET', route: '/batches/{batchId}', pathParameters: { batchId }, caller });
const budget = async (year: number) =>
  (
    await call({
      method: 'GET',
      route: '/budgets/{programmeId}/{year}',
      pathParameters: { programmeId: JS, year: String(year) },
      caller: finance(J),
    })
  ).body;

describe('Jiangsu disbursement calculation', () => {
  it('pays the passed, final trainees per unit, routed to the finance bureau of the unit city (JS-SUBSIDY, JS-ACCEPTANCE)', async () => {
    const { cycleId, rows } = await seedJiangsu(J, [
      { category: 'A', unitId: 'nj-1' },
      { category: 'A', unitId: 'nj-1' },
      { category: 'B', unitId: 'sz-1' },
      { category: 'B', unitId: 'sz-1' },
    ]);
    const [a1, a2, b1, b2] = rows as [any, any, any, any];
    facts.setTrainees(J, cycleId, [
      a1,
      { ...a2, passed: false, grade: '不合格' },
      b1,
      { ...b2, final: false },
    ]);
    const r = await preview(cycleId);
    expect(r.status).toBe(200);
    expect(r.body.totalFen).toBe(1_800_000);
    expect(r.body.units).toEqual([
      expect.objectContaining({
        unitId: 'nj-1',
        city: '南京市',
        payeeZh: expect.stringContaining('南京市财政部门'),
        amountFen: 1_000_000,
        lines: 1,
      }),
      expect.objectContaining({ unitId: 'sz-1', city: '苏州市', amountFen: 800_000, lines: 1 }),
    ]);
    expect(r.body.lines.map((l: any) => l.nominationId)).toEqual([a1.nominationId, b1.nominationId]);
    expect(r.body.lines[0].residentId).toBe(a1.residentId);
    expect(r.body.excluded.map((x: any) => x.ruleId)).toEqual(['JS-ACCEPTANCE', 'JS-ACCEPTANCE']);
    // Auditors see the same calculation with masked resident IDs (X-RESIDENT-ID).
    const masked = await preview(cycleId, auditor(J));
    expect(masked.body.lines[0].residentId).toMatch(/^\d{6}\*{8}/);
    expect(masked.body.excluded[0].residentId).toMatch(/\*{8}/);
  });

  it('pages the preview lines', async () => {
    const { cycleId } = await seedJiangsu(J, [
      { category: 'A', unitId: 'nj-1' },
      { category: 'A', unitId: 'nj-2' },
      { category: 'B', unitId: 'nj-3' },
    ]);
    const first = await preview(cycleId, finance(J), { limit: '2' });
    expect(first.body.lines).toHaveLength(2);
    const second = await preview(cycleId, finance(J), { limit: '2', cursor: first.body.nextCursor });
    expect(second.body.lines).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  it('pays tracked year 2 against its own year budget, and filters by year (JS-TRACKING)', async () => {
    const { cycleId, rows } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2043 });
    const t = rows[0] as any;
    facts.setTrainees(J, cycleId, [
      t,
      { ...t, trackingYear: 2, year: 2044 },
      { ...t, trackingYear: 3, year: 2045 },
    ]);
    const all = await preview(cycleId);
    expect(all.body.byYear).toEqual([
      { year: 2043, amountFen: 1_000_000 },
      { year: 2044, amountFen: 1_000_000 },
    ]);
    expect(all.body.excluded.map((x: any) => x.ruleId)).toEqual(['JS-TRACKING']);
    await setBudget(J, JS, 2044, 5_000_000);
    const b = await createBatch(J, cycleId, { year: 2044 });
    expect(b.status).toBe(201);
    expect(b.body.byYear).toEqual([{ year: 2044, amountFen: 1_000_000 }]);
    expect((await lines(finance(J), b.body.batchId))[0]?.explanationZh).toContain('第2年');
  });

  it('refuses a programme without per-head funding (P-FUNDING-BASIS)', async () => {
    const seeded = await seedOfficialList({ agencyId: 'lishui', programmeId: 'lishui-masters', entries: [] });
    const r = await preview(seeded.cycleId, finance('lishui'));
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('P-FUNDING-BASIS');
  });
});

describe('disbursement batches', () => {
  it('walks draft → reviewed → approved → released with an audit record per step (X-AUDIT)', async () => {
    const { cycleId } = await seedJiangsu(
      J,
      [
        { category: 'A', unitId: 'nj-1' },
        { category: 'B', unitId: 'sz-1' },
      ],
      { year: 2042 },
    );
    await setBudget(J, JS, 2042, 1_800_000);
    const b = await createBatch(J, cycleId, { note: '2042年度第一批' });
    expect(b.status).toBe(201);
    expect(b.body).toMatchObject({ status: 'draft', totalFen: 1_800_000, lineCount: 2, headCount: 2 });
    const ok = await approved(J, b.body, b.headers.etag as string);
    expect(ok.body).toMatchObject({ status: 'approved', reviewedBy: 'fin-a', approvedBy: 'fin-b' });
    expect((await budget(2042)).committedFen).toBe(1_800_000);
    const released = await step(finance(J), b.body.batchId, 'release', ok.headers.etag as string, {
      reference: '苏财拨〔2042〕1号',
      releasedOn: '2042-12-20',
    });
    expect(released.status).toBe(200);
    expect(released.body.status).toBe('released');
    const audit = await call({
      method: 'GET',
      route: '/batches/{batchId}/audit',
      pathParameters: { batchId: b.body.batchId },
      caller: auditor(J),
    });
    expect(audit.body.items.map((a: any) => a.action)).toEqual([
      'batch.released',
      'batch.approved',
      'batch.reviewed',
      'batch.calculated',
    ]);
    expect(audit.body.items.map((a: any) => a.actorId)).toEqual([
      'jiangsu-finance',
      'fin-b',
      'fin-a',
      'jiangsu-finance',
    ]);
    expect(JSON.stringify(audit.body)).not.toMatch(/\d{17}[\dX]/);
    // Released: nothing moves it again (an approved batch is immutable: P-BATCH-STATUS).
    const again = await step(finance(J, 'fin-c'), b.body.batchId, 'approve', released.headers.etag as string);
    expect(again.status).toBe(409);
    expect(again.body.ruleId).toBe('P-BATCH-STATUS');
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/disbursement-batches',
      pathParameters: { cycleId },
      query: {},
      caller: admin(J),
    });
    expect(list.body.items.map((x: any) => x.batchId)).toEqual([b.body.batchId]);
  });

  it('refuses an approval by the person who reviewed the batch (P-FOUR-EYES)', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2042 });
    await setBudget(J, JS, 2042, 100_000_000);
    const b = await createBatch(J, cycleId);
    const reviewed = await step(finance(J, 'same'), b.body.batchId, 'review', b.headers.etag as string);
    const r = await step(finance(J, 'same'), b.body.batchId, 'approve', reviewed.headers.etag as string);
    expect(r.status).toBe(409);
    expect(r.body.ruleId).toBe('P-FOUR-EYES');
    expect((await getBatch(b.body.batchId)).body.status).toBe('reviewed');
    // A draft cannot be approved at all.
    const draft = await createBatch(
      J,
      (await seedJiangsu(J, [{ category: 'B', unitId: 'nj-1' }], { year: 2042 })).cycleId,
    );
    const early = await step(
      finance(J, 'other'),
      draft.body.batchId,
      'approve',
      draft.headers.etag as string,
    );
    expect(early.body.ruleId).toBe('P-BATCH-STATUS');
  });

  it('lets exactly one of 50 concurrent approvals succeed (P-FOUR-EYES, P-BATCH-STATUS)', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2045 });
    await setBudget(J, JS, 2045, 100_000_000);
    const b = await createBatch(J, cycleId);
    const reviewed = await step(finance(J, 'rev'), b.body.batchId, 'review', b.headers.etag as string);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        step(
          finance(J, i === 0 ? 'rev' : `approver-${i}`),
          b.body.batchId,
          'approve',
          reviewed.headers.etag as string,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results[0]?.status).toBe(409);
    expect((await budget(2045)).committedFen).toBe(1_000_000);
  });

  it('refuses an approval over the programme-year budget, one fen over, and takes one exactly at it (P-BUDGET)', async () => {
    const { cycleId } = await seedJiangsu(
      J,
      [
        { category: 'A', unitId: 'nj-1' },
        { category: 'B', unitId: 'nj-1' },
      ],
      { year: 2046 },
    );
    const b = await createBatch(J, cycleId);
    const reviewed = await step(finance(J, 'fin-a'), b.body.batchId, 'review', b.headers.etag as string);
    const none = await step(finance(J, 'fin-b'), b.body.batchId, 'approve', reviewed.headers.etag as string);
    expect(none.status).toBe(409);
    expect(none.body.ruleId).toBe('P-BUDGET');
    await setBudget(J, JS, 2046, 1_799_999);
    const over = await step(finance(J, 'fin-b'), b.body.batchId, 'approve', reviewed.headers.etag as string);
    expect(over.status).toBe(409);
    expect(over.body.ruleId).toBe('P-BUDGET');
    await setBudget(J, JS, 2046, 1_800_000);
    const ok = await step(finance(J, 'fin-b'), b.body.batchId, 'approve', reviewed.headers.etag as string);
    expect(ok.status).toBe(200);
    expect(await budget(2046)).toMatchObject({
      limitFen: 1_800_000,
      committedFen: 1_800_000,
      remainingFen: 0,
    });
    // The admin cannot lower the budget below what approvals commit.
    const b2 = await budget(2046);
    const lower = await call({
      method: 'PUT',
      route: '/budgets/{programmeId}/{year}',
      pathParameters: { programmeId: JS, year: '2046' },
      body: { limitFen: 1_799_999, reason: '调减' },
      headers: { 'if-match': `"${b2.version}"` },
      caller: admin(J),
    });
    expect(lower.status).toBe(409);
    expect(lower.body.ruleId).toBe('P-BUDGET');
  });

  it('approves only what fits when batches of two cycles race for one budget (P-BUDGET)', async () => {
    const one = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2047 });
    const two = await seedJiangsu(J, [{ category: 'A', unitId: 'sz-1' }], { year: 2047 });
    await setBudget(J, JS, 2047, 1_500_000);
    const reviewedOf = async (cycleId: string) => {
      const b = await createBatch(J, cycleId);
      const r = await step(finance(J, 'fin-a'), b.body.batchId, 'review', b.headers.etag as string);
      return { batchId: b.body.batchId, etag: r.headers.etag as string };
    };
    const [x, y] = await Promise.all([reviewedOf(one.cycleId), reviewedOf(two.cycleId)]);
    const results = await Promise.all(
      [x, y].flatMap((b) =>
        Array.from({ length: 5 }, (_, i) => step(finance(J, `fin-${i + 2}`), b!.batchId, 'approve', b!.etag)),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.body?.ruleId === 'P-BUDGET').length).toBeGreaterThan(0);
    expect((await budget(2047)).committedFen).toBe(1_000_000);
  });

  it('puts a late correction into a new batch of differences and never changes the approved one (JS-ACCEPTANCE, P-BATCH-STALE, P-BATCH-EMPTY)', async () => {
    const { cycleId, rows } = await seedJiangsu(
      J,
      [
        { category: 'A', unitId: 'nj-1' },
        { category: 'B', unitId: 'nj-1' },
        { category: 'A', unitId: 'sz-1' },
      ],
      { year: 2048 },
    );
    await setBudget(J, JS, 2048, 10_000_000);
    const first = await createBatch(J, cycleId);
    await approved(J, first.body, first.headers.etag as string);
    const before = await lines(finance(J), first.body.batchId);
    expect((await createBatch(J, cycleId)).body.ruleId).toBe('P-BATCH-EMPTY');
    const [a, b, c] = rows as [any, any, any];
    // Corrections: a failed after all, b was an A; c unchanged.
    facts.setTrainees(J, cycleId, [
      { ...a, passed: false, grade: '不合格', factsVersion: 2 },
      { ...b, category: 'A', factsVersion: 2 },
      c,
    ]);
    const second = await createBatch(J, cycleId);
    expect(second.status).toBe(201);
    const diff = await lines(finance(J), second.body.batchId);
    expect(diff.map((l) => [l.sourceId, l.kind, l.amountFen, l.paidBeforeFen, l.factsVersion])).toEqual(
      expect.arrayContaining([
        [a.traineeId, 'clawback', -1_000_000, 1_000_000, 2],
        [b.traineeId, 'adjustment', 200_000, 800_000, 2],
      ]),
    );
    expect(diff).toHaveLength(2);
    expect(second.body.totalFen).toBe(-800_000);
    expect(second.body.kinds).toEqual({ payment: 0, adjustment: 1, clawback: 1 });
    expect(second.body.headCount).toBe(-1);
    // A stale draft: calculated before the second batch is approved.
    const stale = await createBatch(J, cycleId);
    await approved(J, second.body, second.headers.etag as string);
    expect((await budget(2048)).committedFen).toBe(2_800_000 - 800_000);
    const reviewedStale = await step(
      finance(J, 'fin-a'),
      stale.body.batchId,
      'review',
      stale.headers.etag as string,
    );
    const refused = await step(
      finance(J, 'fin-b'),
      stale.body.batchId,
      'approve',
      reviewedStale.headers.etag as string,
    );
    expect(refused.status).toBe(409);
    expect(refused.body.ruleId).toBe('P-BATCH-STALE');
    // The first batch is exactly as approved.
    expect(await lines(finance(J), first.body.batchId)).toEqual(before);
    expect((await getBatch(first.body.batchId)).body.totalFen).toBe(2_800_000);
  });

  it('matches a released batch against a payment confirmation file: missing, extra, amount differs (P-RECONCILIATION-FILE, X-RESIDENT-ID)', async () => {
    const { cycleId, rows } = await seedJiangsu(
      J,
      [
        { category: 'A', unitId: 'nj-1' },
        { category: 'B', unitId: 'nj-1' },
        { category: 'B', unitId: 'sz-1' },
      ],
      { year: 2049 },
    );
    await setBudget(J, JS, 2049, 10_000_000);
    const b = await createBatch(J, cycleId);
    const ok = await approved(J, b.body, b.headers.etag as string);
    const reconcile = (csv: string) =>
      call({
        method: 'POST',
        route: '/batches/{batchId}/reconciliations',
        pathParameters: { batchId: b.body.batchId },
        body: { csv },
        caller: finance(J),
      });
    expect((await reconcile('明细编号,金额（分）\n')).body.ruleId).toBe('P-BATCH-STATUS');
    await step(finance(J), b.body.batchId, 'release', ok.headers.etag as string, {
      reference: 'R-1',
      releasedOn: '2049-12-01',
    });
    const ls = await lines(finance(J), b.body.batchId);
    const byLine = await reconcile(
      `\uFEFF明细编号,金额（分）\r\n${ls.map((l) => `${l.lineId},${l.amountFen}`).join('\r\n')}\r\n`,
    );
    expect(byLine.status).toBe(201);
    expect(byLine.body).toMatchObject({ ok: true, matchedBy: 'lineId', matched: 3, mismatchCount: 0 });
    // The batch's own CSV export reads back as a confirmation that matches by line id.
    const exported = await call({
      method: 'POST',
      route: '/batches/{batchId}/exports',
      pathParameters: { batchId: b.body.batchId },
      body: { format: 'csv' },
      caller: finance(J),
    });
    const file = await call({
      method: 'GET',
      route: '/exports/{exportId}',
      pathParameters: { exportId: exported.body.exportId },
      caller: finance(J),
    });
    const roundTrip = await reconcile(Buffer.from(file.raw, 'base64').toString('utf8'));
    expect(roundTrip.body).toMatchObject({ ok: true, matchedBy: 'lineId', matched: 3 });
    const [a, bb] = rows as [any, any];
    const extra = person();
    const byPerson = await reconcile(
      `身份证号,金额（元）\n${a.residentId},10000.00\n${bb.residentId},"7,999.99"\n${extra},100.00\n`,
    );
    expect(byPerson.body.ok).toBe(false);
    expect(byPerson.body.matchedBy).toBe('residentId');
    expect(byPerson.body.mismatches.map((m: any) => m.kind).sort()).toEqual([
      'amount-differs',
      'extra',
      'missing',
    ]);
    expect(byPerson.body.mismatches.find((m: any) => m.kind === 'amount-differs')).toMatchObject({
      expectedFen: 800_000,
      paidFen: 799_999,
    });
    expect(JSON.stringify(byPerson.body)).not.toContain(extra);
    const bad = await reconcile('姓名\n张三\n');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ ruleId: 'P-RECONCILIATION-FILE', field: 'body.csv.rows[1]' });
  });
});

describe('Zhuhai teacher subsidy batches', () => {
  it('pays 4,000 and 6,000 once per teacher per level across batches (ZH-TEACHER-SUBSIDY)', async () => {
    const seeded = await seedOfficialList({ agencyId: 'zhuhai', programmeId: ZH, year: 2026, entries: [] });
    const t1 = person();
    const t2 = person();
    const base = {
      school: '珠海市民办技工学校',
      schoolKind: 'private-vocational-school',
      industry: 'integrated-circuits',
      certifiedOn: '2026-06-01',
      eligible: true,
      factsVersion: 1,
    };
    facts.setPromotions('zhuhai', 2026, [
      { ...base, recordId: `p-${t1}`, name: '王五', residentId: t1, level: '技师' },
      { ...base, recordId: `p2-${t2}`, name: '赵六', residentId: t2, level: '高级技师' },
      {
        ...base,
        recordId: `p3-${t1}`,
        name: '王五',
        residentId: t1,
        level: '技师',
        schoolKind: 'public-vocational-school',
      },
    ]);
    await setBudget('zhuhai', ZH, 2026, 1_000_000_000);
    const b = await createBatch('zhuhai', seeded.cycleId);
    expect(b.status).toBe(201);
    expect(b.body.totalFen).toBe(1_000_000);
    await approved('zhuhai', b.body, b.headers.etag as string);
    const again = await createBatch('zhuhai', seeded.cycleId);
    expect(again.body.ruleId).toBe('P-BATCH-EMPTY');
    // The same teacher's promotion to 高级技师 a year later is paid; 技师 again is not.
    const later = await seedOfficialList({ agencyId: 'zhuhai', programmeId: ZH, year: 2027, entries: [] });
    facts.setPromotions('zhuhai', 2027, [
      {
        ...base,
        recordId: `p4-${t1}`,
        name: '王五',
        residentId: t1,
        level: '高级技师',
        certifiedOn: '2027-05-01',
      },
      {
        ...base,
        recordId: `p5-${t1}`,
        name: '王五',
        residentId: t1,
        level: '技师',
        certifiedOn: '2027-05-01',
      },
    ]);
    await setBudget('zhuhai', ZH, 2027, 1_000_000_000);
    const p = await preview(later.cycleId, finance('zhuhai'));
    expect(p.body.lines.map((l: any) => [l.fundingKey, l.amountFen])).toEqual([['高级技师', 600_000]]);
    expect(p.body.lines[0].explanationZh).toBe(
      '晋升高级技师 1名 × 6,000.00元 = 6,000.00元（ZH-TEACHER-SUBSIDY，一次性，认定晋升）',
    );
  });
});

describe('roles and tenants', () => {
  it('answers 403 to roles a route does not allow and 404 / empty to another agency (X-TENANT)', async () => {
    const { cycleId } = await seedJiangsu(J, [{ category: 'A', unitId: 'nj-1' }], { year: 2042 });
    const b = await createBatch(J, cycleId);
    const batchId = b.body.batchId;
    const etag = b.headers.etag as string;
    const routes: {
      method: string;
      route: string;
      pathParameters?: Record<string, string>;
      body?: unknown;
      headers?: Record<string, string>;
      query?: Record<string, string>;
      denied: string[];
    }[] = [
      {
        method: 'GET',
        route: '/cycles/{cycleId}/disbursement',
        pathParameters: { cycleId },
        denied: ['unit', 'reviewer'],
      },
      {
        method: 'POST',
        route: '/cycles/{cycleId}/disbursement-batches',
        pathParameters: { cycleId },
        body: {},
        denied: ['admin', 'auditor', 'unit', 'reviewer'],
      },
      {
        method: 'GET',
        route: '/cycles/{cycleId}/disbursement-batches',
        pathParameters: { cycleId },
        denied: ['unit', 'reviewer'],
      },
      {
        method: 'GET',
        route: '/batches/{batchId}',
        pathParameters: { batchId },
        denied: ['unit', 'reviewer'],
      },
      {
        method: 'GET',
        route: '/batches/{batchId}/lines',
        pathParameters: { batchId },
        denied: ['unit', 'reviewer'],
      },
      {
        method: 'GET',
        route: '/batches/{batchId}/audit',
        pathParameters: { batchId },
        denied: ['unit', 'reviewer'],
      },
      {
        method: 'POST',
        route: '/batches/{batchId}/review',
        pathParameters: { batchId },
        body: {},
        headers: { 'if-match': etag },
        denied: ['admin', 'auditor', 'unit', 'reviewer'],
      },
      {
        method: 'POST',
        route: '/batches/{batchId}/approve',
        pathParameters: { batchId },
        body: {},
        headers: { 'if-match': etag },
        denied: ['admin', 'auditor', 'unit', 'reviewer'],
      },
      {
        method: 'POST',
        route: '/batches/{batchId}/release',
        pathParameters: { batchId },
        body: { reference: 'x', releasedOn: '2042-01-01' },
        headers: { 'if-match': etag },
        denied: ['admin', 'auditor', 'unit', 'reviewer'],
      },
      {
        method: 'POST',
        route: '/batches/{batchId}/reconciliations',
        pathParameters: { batchId },
        body: { csv: 'a' },
        denied: ['admin', 'auditor', 'unit', 'reviewer'],
      },
      {
        method: 'POST',
        route: '/batches/{batchId}/exports',
        pathParameters: { batchId },
        body: { format: 'csv' },
        denied: ['unit', 'reviewer'],
      },
      {
        method: 'PUT',
        route: '/budgets/{programmeId}/{year}',
        pathParameters: { programmeId: JS, year: '2042' },
        body: { limitFen: 1, reason: 'x' },
        denied: ['finance', 'auditor', 'unit', 'reviewer'],
      },
      {
        method: 'GET',
        route: '/budgets/{programmeId}/{year}',
        pathParameters: { programmeId: JS, year: '2042' },
        denied: ['unit', 'reviewer'],
      },
      { method: 'GET', route: '/budgets', denied: ['unit', 'reviewer'] },
      {
        method: 'POST',
        route: '/budgets/{programmeId}/{year}/exports',
        pathParameters: { programmeId: JS, year: '2042' },
        body: { format: 'csv' },
        denied: ['unit', 'reviewer'],
      },
      {
        method: 'GET',
        route: '/exports/{exportId}',
        pathParameters: { exportId: 'x' },
        denied: ['unit', 'reviewer'],
      },
    ];
    for (const r of routes) {
      for (const role of r.denied) {
        const res = await call({
          ...r,
          caller: { agency: J, roles: [role], user: `u-${role}`, unit: 'nj-1' },
        });
        expect(res.status, `${r.method} ${r.route} as ${role}`).toBe(403);
      }
    }
    // Another agency: the cycle, the batch and its children are not there.
    const intruder = finance('zhuhai');
    expect((await preview(cycleId, intruder)).status).toBe(404);
    expect((await createBatch('zhuhai', cycleId)).status).toBe(404);
    expect((await getBatch(batchId, intruder)).status).toBe(404);
    for (const route of ['/batches/{batchId}/lines', '/batches/{batchId}/audit'])
      expect(
        (await call({ method: 'GET', route, pathParameters: { batchId }, caller: intruder })).status,
      ).toBe(404);
    for (const action of ['review', 'approve'] as const)
      expect((await step(intruder, batchId, action, etag)).status).toBe(404);
    expect(
      (await step(intruder, batchId, 'release', etag, { reference: 'x', releasedOn: '2042-01-01' })).status,
    ).toBe(404);
    const list = await call({
      method: 'GET',
      route: '/cycles/{cycleId}/disbursement-batches',
      pathParameters: { cycleId },
      caller: intruder,
    });
    expect(list.body.items).toEqual([]);
    expect(
      (
        await call({
          method: 'POST',
          route: '/batches/{batchId}/reconciliations',
          pathParameters: { batchId },
          body: { csv: 'a' },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'POST',
          route: '/batches/{batchId}/exports',
          pathParameters: { batchId },
          body: { format: 'csv' },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'GET',
          route: '/budgets/{programmeId}/{year}',
          pathParameters: { programmeId: JS, year: '2042' },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'PUT',
          route: '/budgets/{programmeId}/{year}',
          pathParameters: { programmeId: JS, year: '2042' },
          body: { limitFen: 1, reason: 'x' },
          caller: admin('zhuhai'),
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call({
          method: 'POST',
          route: '/budgets/{programmeId}/{year}/exports',
          pathParameters: { programmeId: JS, year: '2042' },
          body: { format: 'csv' },
          caller: intruder,
        })
      ).status,
    ).toBe(404);
    const budgets = await call({
      method: 'GET',
      route: '/budgets',
      query: { programmeId: JS },
      caller: intruder,
    });
    expect(budgets.body.items).toEqual([]);
  });
});
