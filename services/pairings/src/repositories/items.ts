import { tenantKey } from '@talent/data';
import type { Apprentice, Honour, Master, Pairing, PairingList, Session } from '../model';
import { keys } from './pairing-store';

/** The kinds of the cycle partition's sort keys (GSI1): `<kind>#<schoolId>#<id>`. */
const CYCLE_INDEX_KINDS = { master: 'MASTER', apprentice: 'APPR', pairing: 'PAIR' } as const;
export type CycleIndexKind = keyof typeof CYCLE_INDEX_KINDS;

/** A cycle-partition sort key: the kind, then as many of school and id as given. */
export const cycleIndexSk = (kind: CycleIndexKind, schoolId: string, id: string): string =>
  `${CYCLE_INDEX_KINDS[kind]}#${schoolId}#${id}`;

/** The prefix that finds a kind's items of the cycle: of one school when given, else of every school. */
export const cycleIndexPrefix = (kind: CycleIndexKind, schoolId?: string): string =>
  `${CYCLE_INDEX_KINDS[kind]}#${schoolId ? `${schoolId}#` : ''}`;

/** Cycle partition (GSI1): a cycle's masters, apprentices, pairings and lists, each by school. */
export const masterItem = (m: Master) => ({
  ...keys.master(m.agencyId, m.masterId),
  entityKind: 'PairingMaster',
  GSI1PK: keys.cyclePk(m.agencyId, m.cycleId),
  GSI1SK: cycleIndexSk('master', m.schoolId, m.masterId),
  ...m,
});

export const apprenticeItem = (a: Apprentice) => ({
  ...keys.apprentice(a.agencyId, a.apprenticeId),
  entityKind: 'Apprentice',
  GSI1PK: keys.cyclePk(a.agencyId, a.cycleId),
  GSI1SK: cycleIndexSk('apprentice', a.schoolId, a.apprenticeId),
  ...a,
});

export const pairingItem = (p: Pairing) => ({
  ...keys.pairing(p.agencyId, p.pairingId),
  entityKind: 'Pairing',
  GSI1PK: keys.cyclePk(p.agencyId, p.cycleId),
  GSI1SK: cycleIndexSk('pairing', p.schoolId, p.pairingId),
  // Master partition (GSI2): a master's pairings.
  GSI2PK: tenantKey(p.agencyId, 'PMASTER', p.masterId),
  GSI2SK: `PAIR#${p.pairingId}`,
  ...p,
});

export const sessionItem = (agencyId: Pairing['agencyId'], s: Session) => ({
  ...keys.session(agencyId, s.pairingId, s.date, s.sessionId),
  entityKind: 'MentoringSession',
  ...s,
});

export const listItem = (l: PairingList) => ({
  ...keys.list(l.agencyId, l.cycleId, l.schoolId),
  entityKind: 'PairingList',
  GSI1PK: keys.cyclePk(l.agencyId, l.cycleId),
  GSI1SK: `PLIST#${l.status}#${l.schoolId}`,
  ...l,
});

export const honourKey = (h: Pick<Honour, 'agencyId' | 'cycleId' | 'award' | 'subjectId'>) => ({
  PK: keys.honourPk(h.agencyId, h.cycleId),
  SK: `ENTRY#${h.award}#${h.subjectId}`,
});

export const honourItem = (h: Honour) => ({ ...honourKey(h), entityKind: 'Honour', ...h });
