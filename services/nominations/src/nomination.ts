import type { Actor, AgencyId } from '@talent/data';
import { maskPhone, maskResidentId } from '@talent/kernel';
import type { Eligibility, RuleOverride } from './eligibility';
import type { NominationStatus, NominationView } from './schemas/nomination';

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

export interface Nomination {
  readonly nominationId: string;
  readonly agencyId: AgencyId;
  readonly programmeId: string;
  readonly programmeVersion: number;
  readonly cycleId: string;
  readonly category: string;
  readonly unitId: string;
  readonly status: NominationStatus;
  readonly nominee: Nominee;
  /** Keyed hash of the resident ID (uniqueness key; never the raw value). */
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
}

/**
 * Who sees a nominee's resident ID and phone in full (X-RESIDENT-ID). Only the agency
 * administrator, who must verify identity; reviewers, units and auditors see masked values.
 */
export const FULL_PERSONAL_DATA_ROLES: readonly string[] = ['admin'];

export const toView = (n: Nomination, fullPersonalData: boolean): NominationView => ({
  nominationId: n.nominationId,
  programmeId: n.programmeId,
  programmeVersion: n.programmeVersion,
  cycleId: n.cycleId,
  category: n.category,
  unitId: n.unitId,
  status: n.status,
  nominee: {
    ...n.nominee,
    titles: [...n.nominee.titles],
    honours: [...n.nominee.honours],
    residentId: fullPersonalData ? n.nominee.residentId : maskResidentId(n.nominee.residentId),
    residentIdMasked: !fullPersonalData,
    phone: fullPersonalData ? n.nominee.phone : maskPhone(n.nominee.phone),
  },
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
});

/** The snapshot kept in audit records: masked, so the audit trail never holds raw personal data. */
export const auditSnapshot = (n: Nomination): Record<string, unknown> => toView(n, false);

export const etagOf = (n: Pick<Nomination, 'version'>): string => `"${n.version}"`;

export type { Actor };
