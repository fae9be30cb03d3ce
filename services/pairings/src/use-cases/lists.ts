import { cycleIndexPrefix } from '../repositories/items';
/** A school's two-way pairing list (师徒双向选择名单): submitted by the deadline, reviewed by the city. */

import { evaluate } from '@talent/catalogue';
import { type AgencyId, onConditionFailed, type Page, type TransactItem } from '@talent/data';
import type { AuthContext } from '@talent/http';
import { ConflictError, NotFoundError, nowIso, todayInShanghai } from '@talent/kernel';
import { FinalError } from '../errors';
import { type Pairing, type PairingList, snapshot } from '../model';
import { listItem } from '../repositories/items';
import {
  auditOf,
  type Change,
  conditionCheck,
  decrement,
  exists,
  getItem,
  increment,
  indexPage,
  keys,
  put,
  readAll,
  write,
} from '../repositories/pairing-store';
import { finaliseListsIfClosed } from '../stage-hooks';
import { assertMayWrite, changeBy, cycleOf, next, readScope, stamp, visible } from './access';

export const listsFinal = (agency: AgencyId, cycleId: string) =>
  exists(keys.marker(agency, cycleId, 'PAIRING-LISTS-FINAL'));

const notFinal = (agency: AgencyId, cycleId: string) =>
  conditionCheck(keys.marker(agency, cycleId, 'PAIRING-LISTS-FINAL'), 'attribute_not_exists(PK)');

/**
 * Writes a change of a school's list (`listPut`, conditioned by the caller) while the lists are not
 * final, with its audit record and the change of the cycle's unreviewed-lists counter (+1 on a
 * submission, −1 on a review), all in one transaction: the pairing stage's hooks read that counter
 * consistently. A final cycle is LS-CALENDAR; a lost race on the list, P-LIST-STATUS.
 */
const writeList = (
  auth: AuthContext,
  listPut: TransactItem,
  change: Change,
  before: PairingList | undefined,
  after: PairingList,
) =>
  onConditionFailed(
    write([
      listPut,
      notFinal(auth.agencyId, after.cycleId),
      after.status === 'submitted'
        ? increment(keys.unreviewedLists(auth.agencyId, after.cycleId), 'count', 1)
        : decrement(keys.unreviewedLists(auth.agencyId, after.cycleId), { count: 1 }),
      auditOf(
        auth.agencyId,
        'PairingList',
        `${after.cycleId}/${after.schoolId}`,
        keys.list(auth.agencyId, after.cycleId, after.schoolId).PK,
        change,
        before ? snapshot(before) : null,
        snapshot(after),
      ),
    ]),
    (failed) =>
      failed.includes(1)
        ? new FinalError('LS-CALENDAR', 'Pairing lists')
        : new ConflictError('P-LIST-STATUS', 'The pairing list changed while this request ran', 'status'),
  );

/**
 * Submits the school's list: its active pairings now. The first submission is due by the pairing
 * stage's deadline (LS-CALENDAR, 11-30 of the cycle year); a list the city returned may be
 * submitted again after it, until the lists are final.
 */
export const submitList = async (
  auth: AuthContext,
  cycleId: string,
  schoolId: string,
  body: { note?: string | undefined },
  requestId: string,
): Promise<PairingList> => {
  assertMayWrite(auth, schoolId);
  const { cycle, programme } = await cycleOf(auth, cycleId);
  const key = keys.list(auth.agencyId, cycleId, schoolId);
  const existing = await getItem<PairingList>(key);
  if (existing && existing.status !== 'returned')
    throw new ConflictError('P-LIST-STATUS', `The pairing list is ${existing.status}`, 'status');
  // The stage's work ends when it is recorded closed (its `closed` hook then makes the lists final).
  const closed = cycle.stages.some((s) => s.kind === 'pairing' && s.status === 'closed');
  if (closed || (await listsFinal(auth.agencyId, cycleId)))
    throw new FinalError('LS-CALENDAR', 'Pairing lists');
  const today = todayInShanghai();
  if (!existing) {
    const stage = programme.calendar.stages.find((s) => s.kind === 'pairing');
    const late = evaluate(programme, {
      type: 'submission',
      stage: stage?.id ?? 'pairing-list',
      cycleYear: cycle.year,
      submittedOn: today,
    }).violations;
    const v = late[0];
    if (v) throw new ConflictError(v.ruleId, v.message, 'submittedOn');
  }
  const active = (
    await readAll<Pairing>({
      index: 'GSI1',
      partition: keys.cyclePk(auth.agencyId, cycleId),
      prefix: cycleIndexPrefix('pairing', schoolId),
    })
  ).filter((p) => p.status === 'active');
  if (active.length === 0)
    throw new ConflictError('P-LIST-EMPTY', 'The school has no active pairing to list', 'schoolId');
  const at = nowIso();
  const content = {
    status: 'submitted' as const,
    pairingIds: active.map((p) => p.pairingId),
    pairings: active.length,
    teacherApprentices: active.filter((p) => p.apprenticeKind === 'teacher').length,
    submittedOn: today,
    submittedAt: at,
    submittedBy: auth.userId,
    ...(body.note ? { note: body.note } : {}),
  };
  const list: PairingList = existing
    ? next(existing, content, auth.userId, at)
    : { agencyId: auth.agencyId, cycleId, schoolId, ...content, ...stamp(auth.userId, at) };
  await writeList(
    auth,
    existing
      ? put(listItem(list), {
          expr: 'version = :v AND #s = :returned',
          names: { '#s': 'status' },
          values: { ':v': existing.version, ':returned': 'returned' },
        })
      : put(listItem(list), { expr: 'attribute_not_exists(PK)' }),
    changeBy(auth, 'pairing-list.submitted', at, requestId),
    existing,
    list,
  );
  return list;
};

/** The city approves or returns a submitted list (LS-TWO-WAY: 市教育局、市人力社保局审核并公布). */
export const reviewList = async (
  auth: AuthContext,
  cycleId: string,
  schoolId: string,
  body: { outcome: 'approved' | 'returned'; reason: string },
  requestId: string,
): Promise<PairingList> => {
  const { cycle } = await cycleOf(auth, cycleId);
  const key = keys.list(auth.agencyId, cycleId, schoolId);
  const before = await getItem<PairingList>(key);
  if (!before) throw new NotFoundError('PairingList', `${cycleId}/${schoolId}`);
  if (before.status !== 'submitted')
    throw new ConflictError(
      'P-LIST-STATUS',
      `The pairing list is ${before.status}; only a submitted list is reviewed`,
      'status',
    );
  const at = nowIso();
  const after = next(
    before,
    { status: body.outcome, review: { ...body, at, by: auth.userId } },
    auth.userId,
    at,
  );
  await writeList(
    auth,
    put(listItem(after), { expr: 'version = :v', values: { ':v': before.version } }),
    changeBy(auth, `pairing-list.${body.outcome}`, at, requestId, body.reason),
    before,
    after,
  );
  // A list that came in while the pairing stage closed: its review may be the last one awaited.
  await finaliseListsIfClosed(cycle, at);
  return after;
};

export const getList = async (auth: AuthContext, cycleId: string, schoolId: string) => {
  await cycleOf(auth, cycleId);
  const list = visible(auth, schoolId)
    ? await getItem<PairingList>(keys.list(auth.agencyId, cycleId, schoolId))
    : undefined;
  if (!list) throw new NotFoundError('PairingList', `${cycleId}/${schoolId}`);
  return { list, final: await listsFinal(auth.agencyId, cycleId) };
};

/** Every school's list (a unit user: its own only). */
export const listLists = async (
  auth: AuthContext,
  cycleId: string,
  q: { limit: number; cursor?: string | undefined },
): Promise<{ page: Page<PairingList>; final: boolean }> => {
  await cycleOf(auth, cycleId);
  const final = await listsFinal(auth.agencyId, cycleId);
  const scope = readScope(auth);
  if (scope !== undefined) {
    const own = await getItem<PairingList>(keys.list(auth.agencyId, cycleId, scope));
    return { page: { items: own ? [own] : [], nextCursor: null }, final };
  }
  const page = await indexPage<PairingList>({
    agencyId: auth.agencyId,
    index: 'GSI1',
    partition: keys.cyclePk(auth.agencyId, cycleId),
    prefix: 'PLIST#',
    limit: q.limit,
    cursor: q.cursor,
  });
  return { page, final };
};
