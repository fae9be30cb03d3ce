/** 优秀学徒 (LS-OUTSTANDING-APPRENTICE) and the yearly 十佳大师 / 百佳高徒 selection (LS-TOP-TEN). */
import { evaluate } from '@talent/catalogue';
import { type AgencyId, onConditionFailed, type Page, TransactionConditionFailed } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { ConflictError, nowIso, shanghaiDate, todayInShanghai, ValidationFailedError } from '@talent/kernel';
import { ContendedError, FinalError } from '../errors';
import { type Apprentice, type Honour, type Master, snapshot } from '../model';
import { honourItem } from '../repositories/items';
import {
  auditOf,
  compareAndSet,
  conditionCheck,
  counters,
  getItem,
  keys,
  partitionPage,
  put,
  write,
} from '../repositories/pairing-store';
import type { OutstandingBody, TopSelectionBody } from '../schemas/pairing';
import { changeBy, cycleOf, pause } from './access';

const reference = (path: string, message: string) =>
  new ValidationFailedError([{ ruleId: 'P-REFERENCE', path, message }]);

const duplicate = () =>
  new ConflictError('P-ONE-HONOUR', 'This person already holds this honour in this cycle', 'subjectId');

/** Granted by the city (经审核后可授予) to a paired apprentice with a 3rd prize or above, or a patent while at school. */
export const grantOutstanding = async (
  auth: AuthContext,
  cycleId: string,
  body: OutstandingBody,
  requestId: string,
): Promise<Honour> => {
  const { programme } = await cycleOf(auth, cycleId);
  const a = await getItem<Apprentice>(keys.apprentice(auth.agencyId, body.apprenticeId));
  if (!a || a.cycleId !== cycleId) throw reference('body.apprenticeId', 'no such apprentice in this cycle');
  const award = 'outstanding-apprentice';
  const attributes = {
    ...(body.competitionPrizeRank !== undefined ? { competitionPrizeRank: body.competitionPrizeRank } : {}),
    ...(body.patentsWhileAtSchool !== undefined ? { patentsWhileAtSchool: body.patentsWhileAtSchool } : {}),
  };
  const violations = [...evaluate(programme, { type: 'award', award, attributes }).violations].map((v) => ({
    ...v,
    path: 'body',
  }));
  if (!a.pairedAt)
    violations.push({
      ruleId: 'LS-OUTSTANDING-APPRENTICE',
      path: 'body.apprenticeId',
      message: 'the title follows pairing with a master (经大师结对培养后); this apprentice was never paired',
      messageZh: '该学徒未经大师结对培养',
      relaxable: false,
    });
  if (body.achievedOn > todayInShanghai())
    violations.push({
      ruleId: 'LS-OUTSTANDING-APPRENTICE',
      path: 'body.achievedOn',
      message: 'the prize or patent date is in the future',
      messageZh: '获奖或取得专利日期不能晚于今天',
      relaxable: false,
    });
  // 经大师结对培养后取得…三等奖及以上: a prize counts when won after the pairing began (a patent
  // only needs to come while at school).
  const pairedOn = a.pairedAt ? shanghaiDate(a.pairedAt) : undefined;
  const byPatent = (body.patentsWhileAtSchool ?? 0) > 0;
  if (pairedOn && !byPatent && body.competitionPrizeRank !== undefined && body.achievedOn < pairedOn)
    violations.push({
      ruleId: 'LS-OUTSTANDING-APPRENTICE',
      path: 'body.achievedOn',
      message: `a prize counts when won after the pairing (paired on ${pairedOn})`,
      messageZh: '竞赛奖项须为经大师结对培养后取得',
      relaxable: false,
    });
  if (violations.length > 0) throw new ValidationFailedError(violations);
  const at = nowIso();
  const honour: Honour = {
    agencyId: auth.agencyId,
    cycleId,
    award,
    subjectId: a.apprenticeId,
    subjectKind: 'apprentice',
    schoolId: a.schoolId,
    evidence: body.evidence,
    attributes: {
      ...attributes,
      ...(body.competitionName ? { competitionName: body.competitionName } : {}),
      achievedOn: body.achievedOn,
    },
    grantedAt: at,
    grantedBy: auth.userId,
  };
  const pk = keys.honourPk(auth.agencyId, cycleId);
  await onConditionFailed(
    write([
      put(honourItem(honour), { expr: 'attribute_not_exists(PK)' }),
      auditOf(
        auth.agencyId,
        'Honour',
        `${award}/${a.apprenticeId}`,
        pk,
        changeBy(auth, 'honour.granted', at, requestId),
        null,
        snapshot(honour),
      ),
    ]),
    () => duplicate(),
  );
  return honour;
};

export const topSelectionFinal = (agency: AgencyId, cycleId: string) =>
  keys.marker(agency, cycleId, 'TOP-SELECTION-FINAL');

/**
 * One more 十佳大师 (≤ 10) or 百佳高徒 (≤ 100) of the cycle, with its rank and ranking evidence: the
 * selection counter is changed by compare-and-set in the same transaction, so the limit holds under
 * concurrency. Final once the award stage closes.
 */
export const selectTop = async (
  auth: AuthContext,
  cycleId: string,
  body: TopSelectionBody,
  requestId: string,
): Promise<Honour> => {
  const { programme } = await cycleOf(auth, cycleId);
  // A rank is within the award's number (十佳大师 1–10, 百佳高徒 1–100): the engine's LS-TOP-TEN
  // limit applied to the rank, as if it were the count selected.
  const outOfRange = evaluate(programme, { type: 'award-selection', award: body.award, selected: body.rank })
    .violations[0];
  if (outOfRange)
    throw new ValidationFailedError([
      {
        ruleId: outOfRange.ruleId,
        path: 'body.rank',
        message: `rank ${body.rank} is beyond the number of ${body.award} selected per cycle`,
        messageZh: '名次超出该称号的评选名额',
      },
    ]);
  const subject =
    body.award === 'top-ten-masters'
      ? await getItem<Master>(keys.master(auth.agencyId, body.subjectId))
      : await getItem<Apprentice>(keys.apprentice(auth.agencyId, body.subjectId));
  if (!subject || subject.cycleId !== cycleId)
    throw reference(
      'body.subjectId',
      `no such ${body.award === 'top-ten-masters' ? 'master' : 'apprentice'} in this cycle`,
    );
  const pk = keys.honourPk(auth.agencyId, cycleId);
  const countKey = { PK: pk, SK: `COUNT#${body.award}` };
  for (let attempt = 0; attempt < 60; attempt++) {
    const selected = (await counters(countKey)).selected ?? 0;
    const v = evaluate(programme, { type: 'award-selection', award: body.award, selected: selected + 1 })
      .violations[0];
    if (v) throw new ConflictError(v.ruleId, v.message, 'award');
    const at = nowIso();
    const honour: Honour = {
      agencyId: auth.agencyId,
      cycleId,
      award: body.award,
      subjectId: body.subjectId,
      subjectKind: body.award === 'top-ten-masters' ? 'master' : 'apprentice',
      schoolId: subject.schoolId,
      rank: body.rank,
      evidence: body.evidence,
      grantedAt: at,
      grantedBy: auth.userId,
    };
    try {
      await write([
        compareAndSet(countKey, { selected }, { selected: selected + 1 }),
        put(honourItem(honour), { expr: 'attribute_not_exists(PK)' }),
        put(
          {
            PK: pk,
            SK: `RANK#${body.award}#${String(body.rank).padStart(3, '0')}`,
            entityKind: 'HonourRank',
            subjectId: body.subjectId,
          },
          { expr: 'attribute_not_exists(PK)' },
        ),
        conditionCheck(topSelectionFinal(auth.agencyId, cycleId), 'attribute_not_exists(PK)'),
        auditOf(
          auth.agencyId,
          'Honour',
          `${body.award}/${body.subjectId}`,
          pk,
          changeBy(auth, 'honour.selected', at, requestId),
          null,
          snapshot(honour),
        ),
      ]);
      return honour;
    } catch (e) {
      if (!(e instanceof TransactionConditionFailed)) throw e;
      if (e.failedIndexes.includes(3)) throw new FinalError('LS-TOP-TEN', 'The 十佳大师/百佳高徒 selections');
      if (e.failedIndexes.includes(1)) throw duplicate();
      if (e.failedIndexes.includes(2))
        throw new ConflictError('P-RANK-TAKEN', `Rank ${body.rank} of ${body.award} is taken`, 'rank');
      await pause(attempt);
    }
  }
  throw new ContendedError();
};

/** Honours are city titles: every reader sees every school's. */
export const listHonours = async (
  auth: AuthContext,
  cycleId: string,
  q: { award?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Honour>> => {
  await cycleOf(auth, cycleId);
  return partitionPage<Honour>({
    agencyId: auth.agencyId,
    pk: keys.honourPk(auth.agencyId, cycleId),
    prefix: `ENTRY#${q.award ? `${q.award}#` : ''}`,
    limit: q.limit,
    cursor: q.cursor,
  });
};
