/** Masters (from the official master list) and apprentices, registered per school. */
import { evaluate } from '@talent/catalogue';
import { onConditionFailed, type Page, personFingerprint, TransactionConditionFailed } from '@talent/data';
import type { AuthContext } from '@talent/http';
import {
  addYears,
  ConflictError,
  compareDates,
  NotFoundError,
  newId,
  nowIso,
  ValidationFailedError,
} from '@talent/kernel';
import { officialEntry } from '@talent/svc-nominations/roster';
import { DuplicateRegistrationError } from '../errors';
import { type Apprentice, apprenticeSnapshot, type Master, masterSnapshot } from '../model';
import { apprenticeItem, cycleIndexPrefix, masterItem } from '../repositories/items';
import { auditOf, getItem, indexPage, keys, put, putVersioned, write } from '../repositories/pairing-store';
import type { RegisterApprenticeBody, RegisterMasterBody } from '../schemas/pairing';
import { assertMayWrite, changeBy, cycleOf, listScope, next, stamp, visible } from './access';

const personClaim = (
  m: { agencyId: Master['agencyId']; cycleId: string },
  fingerprint: string,
  role: string,
  id: string,
) =>
  put(
    { ...keys.person(m.agencyId, fingerprint, m.cycleId), entityKind: 'PairingPersonClaim', role, id },
    { expr: 'attribute_not_exists(PK)' },
  );

export const registerMaster = async (
  auth: AuthContext,
  cycleId: string,
  body: RegisterMasterBody,
  requestId: string,
): Promise<Master> => {
  assertMayWrite(auth, body.schoolId);
  const { cycle, programme } = await cycleOf(auth, cycleId);
  const entry = await officialEntry(auth.agencyId, body.nominationId);
  if (!entry || entry.cycleId !== cycleId || !entry.nominee) {
    throw new ValidationFailedError([
      {
        ruleId: 'LS-NOMINATION-ROUTE',
        path: 'body.nominationId',
        message: `not a person on the official master list of cycle ${cycleId}`,
        messageZh: '不在本年度公布的“大师”名单中',
      },
    ]);
  }
  const proposed = entry.attributes.proposedServiceYears;
  const serviceYears = body.serviceYears ?? (typeof proposed === 'number' ? proposed : 6);
  // LS-SERVICE-TERM is held by the catalogue (nomination context): run it on the term the school hires for.
  const term = evaluate(programme, {
    type: 'nomination',
    category: entry.category,
    programmeYear: cycle.year,
    selectionDate: cycle.selectionDate,
    attributes: { ...entry.attributes, proposedServiceYears: serviceYears },
  }).violations.filter((v) => v.ruleId === 'LS-SERVICE-TERM');
  if (term.length > 0)
    throw new ValidationFailedError(term.map((v) => ({ ...v, path: 'body.serviceYears' })));
  const at = nowIso();
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const qualification = str(entry.attributes.qualification);
  const route = str(entry.attributes.nominationRoute);
  const master: Master = {
    agencyId: auth.agencyId,
    cycleId,
    masterId: entry.nominationId,
    nominationId: entry.nominationId,
    schoolId: body.schoolId,
    nominatedBy: entry.unitId,
    name: entry.nominee.name,
    residentId: entry.nominee.residentId,
    tier: entry.category === 'master-tier-1' ? 1 : 2,
    category: entry.category,
    ...(qualification ? { qualification } : {}),
    ...(route ? { nominationRoute: route } : {}),
    employmentAgreement: body.employmentAgreement,
    employmentStartOn: body.employmentStartOn,
    serviceYears,
    serviceTermEndsOn: addYears(body.employmentStartOn, serviceYears),
    status: 'serving',
    ...stamp(auth.userId, at),
  };
  const pk = keys.master(auth.agencyId, master.masterId).PK;
  await onConditionFailed(
    write([
      putVersioned(masterItem(master), null),
      personClaim(master, personFingerprint(auth.agencyId, master.residentId), 'master', master.masterId),
      auditOf(
        auth.agencyId,
        'PairingMaster',
        master.masterId,
        pk,
        changeBy(auth, 'master.registered', at, requestId),
        null,
        masterSnapshot(master),
      ),
    ]),
    () => new DuplicateRegistrationError('master'),
  );
  return master;
};

export const getMaster = async (auth: AuthContext, cycleId: string, masterId: string): Promise<Master> => {
  const m = await getItem<Master>(keys.master(auth.agencyId, masterId));
  if (!m || m.cycleId !== cycleId || !visible(auth, m.schoolId)) throw new NotFoundError('Master', masterId);
  return m;
};

export const listMasters = async (
  auth: AuthContext,
  cycleId: string,
  q: { schoolId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Master>> => {
  await cycleOf(auth, cycleId);
  const school = listScope(auth, q.schoolId);
  return indexPage<Master>({
    agencyId: auth.agencyId,
    index: 'GSI1',
    partition: keys.cyclePk(auth.agencyId, cycleId),
    prefix: cycleIndexPrefix('master', school),
    limit: q.limit,
    cursor: q.cursor,
  });
};

/**
 * A master leaves the school. Pairings end first (replacement keeps their history); leaving
 * before the 6-year term (LS-SERVICE-TERM) is recorded and flagged, not refused: nobody can be
 * held to a post, but the city sees the breach.
 */
export const recordLeaving = async (
  auth: AuthContext,
  cycleId: string,
  masterId: string,
  body: { leftOn: string; reason: string },
  requestId: string,
): Promise<Master> => {
  const before = await getMaster(auth, cycleId, masterId);
  assertMayWrite(auth, before.schoolId);
  if (before.status !== 'serving')
    throw new ConflictError('P-MASTER-STATUS', 'The master has already left', 'status');
  if (compareDates(body.leftOn, before.employmentStartOn) < 0)
    throw new ValidationFailedError([
      { ruleId: 'P-DATE', path: 'body.leftOn', message: 'leaving comes after the employment start' },
    ]);
  const busy = (n: number) =>
    new ConflictError(
      'P-MASTER-PAIRINGS',
      `The master has ${n} active pairing(s): end or replace them first`,
      'masterId',
    );
  const active = before.activePairings ?? 0;
  if (active > 0) throw busy(active);
  const early = compareDates(body.leftOn, before.serviceTermEndsOn) < 0;
  const at = nowIso();
  const after = next(
    before,
    {
      status: 'left',
      leaving: {
        leftOn: body.leftOn,
        reason: body.reason,
        early,
        flags: early
          ? [
              {
                ruleId: 'LS-SERVICE-TERM',
                message: `left on ${body.leftOn}, before the ${before.serviceYears}-year term ends on ${before.serviceTermEndsOn}`,
              },
            ]
          : [],
      },
    },
    auth.userId,
    at,
  );
  const pk = keys.master(auth.agencyId, masterId).PK;
  try {
    await write([
      // Activations and ends change `activePairings` on this item (activation only while serving):
      // leaving only with none active, whatever the study stage.
      put(masterItem(after), {
        expr: 'version = :v AND (attribute_not_exists(activePairings) OR activePairings = :z)',
        values: { ':v': before.version, ':z': 0 },
      }),
      auditOf(
        auth.agencyId,
        'PairingMaster',
        masterId,
        pk,
        changeBy(auth, early ? 'master.left-early' : 'master.left', at, requestId, body.reason),
        masterSnapshot(before),
        masterSnapshot(after),
      ),
    ]);
  } catch (e) {
    if (!(e instanceof TransactionConditionFailed)) throw e;
    const now = await getMaster(auth, cycleId, masterId);
    if ((now.activePairings ?? 0) > 0) throw busy(now.activePairings ?? 0);
    throw new ConflictError(
      'P-VERSION-MATCH',
      'The master changed while this request ran; send it again',
      'masterId',
    );
  }
  return after;
};

export const registerApprentice = async (
  auth: AuthContext,
  cycleId: string,
  body: RegisterApprenticeBody,
  requestId: string,
): Promise<Apprentice> => {
  assertMayWrite(auth, body.schoolId);
  await cycleOf(auth, cycleId);
  const at = nowIso();
  const fingerprint = personFingerprint(auth.agencyId, body.residentId);
  const apprentice: Apprentice = {
    agencyId: auth.agencyId,
    cycleId,
    apprenticeId: newId(),
    schoolId: body.schoolId,
    kind: body.kind,
    name: body.name,
    residentId: body.residentId,
    ...(body.phone ? { phone: body.phone } : {}),
    studyStage: body.studyStage,
    ...(body.studyYear !== undefined ? { studyYear: body.studyYear } : {}),
    ...(body.major ? { major: body.major } : {}),
    ...(body.className ? { className: body.className } : {}),
    personFingerprint: fingerprint,
    ...stamp(auth.userId, at),
  };
  const pk = keys.apprentice(auth.agencyId, apprentice.apprenticeId).PK;
  await onConditionFailed(
    write([
      putVersioned(apprenticeItem(apprentice), null),
      personClaim(apprentice, fingerprint, 'apprentice', apprentice.apprenticeId),
      auditOf(
        auth.agencyId,
        'Apprentice',
        apprentice.apprenticeId,
        pk,
        changeBy(auth, 'apprentice.registered', at, requestId),
        null,
        apprenticeSnapshot(apprentice),
      ),
    ]),
    () => new DuplicateRegistrationError('apprentice'),
  );
  return apprentice;
};

export const getApprentice = async (auth: AuthContext, cycleId: string, apprenticeId: string) => {
  const a = await getItem<Apprentice>(keys.apprentice(auth.agencyId, apprenticeId));
  if (!a || a.cycleId !== cycleId || !visible(auth, a.schoolId))
    throw new NotFoundError('Apprentice', apprenticeId);
  return a;
};

export const listApprentices = async (
  auth: AuthContext,
  cycleId: string,
  q: { schoolId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<Page<Apprentice>> => {
  await cycleOf(auth, cycleId);
  const school = listScope(auth, q.schoolId);
  return indexPage<Apprentice>({
    agencyId: auth.agencyId,
    index: 'GSI1',
    partition: keys.cyclePk(auth.agencyId, cycleId),
    prefix: cycleIndexPrefix('apprentice', school),
    limit: q.limit,
    cursor: q.cursor,
  });
};
