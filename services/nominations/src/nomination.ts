import type { NomineeKind } from '@talent/catalogue';
import type { Actor, AgencyId } from '@talent/data';
import { maskPhone, maskResidentId } from '@talent/kernel';
import type { Eligibility, RuleOverride } from './eligibility';
import type { MEMBER_ROLES, NominationStatus, NominationView } from './schemas/nomination';

/** A nominee as stored: full personal data, kept only in the nomination item (table encrypted with a CMK). */
export interface Nominee {
  readonly name: string;
  readonly residentId: string;
  readonly birthDate: string;
  readonly gender: 'male' | 'female';
  readonly phone: string;
  readonly employer: string;
  readonly position?: string;
  readonly occupation: string;
  readonly yearsInOccupation?: number;
  readonly skillLevel: string;
  readonly professionalTitle?: string;
  readonly education?: string;
  readonly titles: readonly string[];
  readonly honours: readonly string[];
}

/** A member of a team or faculty as stored (resident ID optional; birth date and gender derived from it). */
export interface Member {
  readonly name: string;
  readonly residentId?: string;
  readonly role: (typeof MEMBER_ROLES)[number];
  readonly isLeader: boolean;
  readonly professionalTitle?: string;
  readonly skillLevel?: string;
  readonly employer?: string;
}

export interface Team {
  readonly name: string;
  readonly members: readonly Member[];
}

export interface Partner {
  readonly name: string;
  readonly creditCode?: string;
  readonly attributes: Readonly<Record<string, boolean | number | string>>;
}

export interface Institution {
  readonly faculty: readonly Member[];
  readonly partners: readonly Partner[];
}

export interface Nomination {
  readonly nominationId: string;
  readonly agencyId: AgencyId;
  readonly programmeId: string;
  readonly programmeVersion: number;
  readonly cycleId: string;
  readonly category: string;
  readonly unitId: string;
  readonly status: NominationStatus;
  /** Whom the category nominates: exactly the matching one of nominee, team, institution is set. */
  readonly nomineeKind: NomineeKind;
  readonly nominee?: Nominee;
  readonly team?: Team;
  readonly institution?: Institution;
  /**
   * Keyed hash of what is nominated once per cycle (never the raw value): the resident ID of a
   * person; the unit and name of a team; the unit and major of an institution's application.
   */
  readonly personFingerprint: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** The rule engine's verdict under the cycle's programme version (pending relaxable breaches, overrides, flags). */
  readonly eligibility: Eligibility;
  /** Reviewers' overrides of relaxable rules, cleared when the nominee or attributes change. */
  readonly overrides: readonly RuleOverride[];
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly submittedAt?: string;
  readonly withdrawnAt?: string;
  readonly withdrawReason?: string;
  // ——— selection (see selection.ts); absent on nominations stored before the selection stages ———
  /** Reviews count in this round; a return starts the next. */
  readonly reviewRound?: number;
  readonly assignments?: readonly Assignment[];
  /** The assigned reviewers' ids (kept beside `assignments` for the conditional write of a review). */
  readonly reviewerIds?: readonly string[];
  readonly lastReturn?: { readonly by: string; readonly at: string; readonly reason: string };
  readonly decision?: Decision;
  readonly listing?: Listing;
  readonly removal?: Removal;
  readonly officialAt?: string;
  readonly amendments?: readonly Amendment[];
}

export interface Assignment {
  readonly reviewerId: string;
  readonly name: string;
  readonly assignedAt: string;
  readonly assignedBy: string;
}

/** The admin's decision after review; with two reviewers who disagree it is the moderation. */
export interface Decision {
  readonly outcome: 'recommend' | 'not-recommend';
  readonly reasons: string;
  readonly by: string;
  readonly at: string;
  readonly round: number;
  /** The scores of the round's reviews (the ranking's input). */
  readonly scores: readonly number[];
  readonly meanScore: number;
  readonly moderation: boolean;
}

/** Where the provisional-list draw placed the nomination. */
export interface Listing {
  readonly position: number;
  readonly rank?: number;
  readonly meanScore: number;
  readonly drawnAt: string;
  readonly ruleId?: string;
  readonly reason?: string;
}

/** Off the list: an upheld objection (X-PUBLICITY) or an amendment of the official list. */
export interface Removal {
  readonly at: string;
  readonly by: string;
  readonly reason: string;
  readonly objectionId?: string;
  readonly ruleId: string;
}

export interface Amendment {
  readonly action: 'remove' | 'reinstate';
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

/**
 * Who sees a nominee's resident ID and phone in full (X-RESIDENT-ID). Only the agency
 * administrator, who must verify identity; reviewers, units and auditors see masked values.
 */
export const FULL_PERSONAL_DATA_ROLES: readonly string[] = ['admin'];

const nomineeView = (n: Nominee, full: boolean) => ({
  ...n,
  titles: [...n.titles],
  honours: [...n.honours],
  residentId: full ? n.residentId : maskResidentId(n.residentId),
  residentIdMasked: !full,
  phone: full ? n.phone : maskPhone(n.phone),
});

const membersView = (members: readonly Member[], full: boolean) =>
  members.map((m) => ({
    ...m,
    ...(m.residentId ? { residentId: full ? m.residentId : maskResidentId(m.residentId) } : {}),
  }));

/**
 * Who sees which reviewers a nomination has (names, ids, who returned it): the agency's side —
 * admin, reviewers, auditors. A nominating unit sees the decision and the reasons, never the
 * reviewers' identities (they are not to be approached).
 */
export const REVIEWER_IDENTITY_ROLES: readonly string[] = ['admin', 'reviewer', 'auditor'];

export const toView = (
  n: Nomination,
  fullPersonalData: boolean,
  reviewerIdentities = true,
): NominationView => ({
  nominationId: n.nominationId,
  programmeId: n.programmeId,
  programmeVersion: n.programmeVersion,
  cycleId: n.cycleId,
  category: n.category,
  unitId: n.unitId,
  status: n.status,
  nomineeKind: n.nomineeKind,
  ...(n.nominee ? { nominee: nomineeView(n.nominee, fullPersonalData) } : {}),
  ...(n.team ? { team: { name: n.team.name, members: membersView(n.team.members, fullPersonalData) } } : {}),
  ...(n.institution
    ? {
        institution: {
          faculty: membersView(n.institution.faculty, fullPersonalData),
          partners: n.institution.partners.map((p) => ({ ...p, attributes: { ...p.attributes } })),
        },
      }
    : {}),
  attributes: { ...n.attributes },
  eligibility: {
    ...n.eligibility,
    pending: [...n.eligibility.pending],
    overridden: [...n.eligibility.overridden],
    reported: [...n.eligibility.reported],
  },
  overrides: [...n.overrides],
  version: n.version,
  createdAt: n.createdAt,
  createdBy: n.createdBy,
  updatedAt: n.updatedAt,
  updatedBy: n.updatedBy,
  ...(n.submittedAt ? { submittedAt: n.submittedAt } : {}),
  ...(n.withdrawnAt ? { withdrawnAt: n.withdrawnAt } : {}),
  ...(n.withdrawReason ? { withdrawReason: n.withdrawReason } : {}),
  reviewRound: n.reviewRound ?? 1,
  assignments: reviewerIdentities ? (n.assignments ?? []).map((a) => ({ ...a })) : [],
  ...(n.lastReturn
    ? { lastReturn: { ...n.lastReturn, by: reviewerIdentities ? n.lastReturn.by : 'reviewer' } }
    : {}),
  ...(n.decision ? { decision: { ...n.decision, scores: [...n.decision.scores] } } : {}),
  ...(n.listing ? { listing: { ...n.listing } } : {}),
  ...(n.removal ? { removal: { ...n.removal } } : {}),
  ...(n.officialAt ? { officialAt: n.officialAt } : {}),
  amendments: (n.amendments ?? []).map((a) => ({ ...a })),
});

/** The snapshot kept in audit records: masked, so the audit trail never holds raw personal data. */
export const auditSnapshot = (n: Nomination): Record<string, unknown> => toView(n, false);

export const etagOf = (n: Pick<Nomination, 'version'>): string => `"${n.version}"`;

export type { Actor };

/**
 * What a list shows of whom a nomination nominates: the person's name, employer and occupation; a
 * team's name; an application's major (else its unit). Never an ID, phone, birth date or score.
 */
export const listedFacts = (n: Nomination): { name: string; employer?: string; occupation?: string } => {
  if (n.nominee)
    return { name: n.nominee.name, employer: n.nominee.employer, occupation: n.nominee.occupation };
  if (n.team) return { name: n.team.name };
  const major = n.attributes.major;
  return { name: typeof major === 'string' && major !== '' ? major : n.unitId };
};
