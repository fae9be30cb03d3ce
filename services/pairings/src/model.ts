/** The pairings service's entities as stored, and their views (X-RESIDENT-ID: masked unless admin). */
import type { AgencyId } from '@talent/data';
import { maskPhone, maskResidentId } from '@talent/kernel';
import type { EndReason, PairingStatus, Party, StudyStage } from './schemas/pairing';

interface Stamped {
  readonly agencyId: AgencyId;
  readonly cycleId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface Master extends Stamped {
  /** The master's nomination id on the official list (one registration per master per cycle). */
  readonly masterId: string;
  readonly nominationId: string;
  readonly schoolId: string;
  /** The nominating unit (county bureau) of the official entry. */
  readonly nominatedBy: string;
  readonly name: string;
  readonly residentId: string;
  /** 1 or 2, from the nomination category (LS-MASTER-TIER1/2). */
  readonly tier: 1 | 2;
  readonly category: string;
  readonly qualification?: string;
  readonly nominationRoute?: string;
  readonly employmentAgreement: { readonly signedOn: string; readonly reference?: string };
  readonly employmentStartOn: string;
  readonly serviceYears: number;
  /** employmentStartOn + serviceYears (LS-SERVICE-TERM): the first day the term is served. */
  readonly serviceTermEndsOn: string;
  readonly status: 'serving' | 'left';
  /** Active pairings of the master in every study stage (activation +1, end −1; leaving needs 0). */
  readonly activePairings?: number;
  readonly leaving?: {
    readonly leftOn: string;
    readonly reason: string;
    /** Left before serviceTermEndsOn: flagged with LS-SERVICE-TERM. */
    readonly early: boolean;
    readonly flags: readonly { readonly ruleId: string; readonly message: string }[];
  };
}

export interface Apprentice extends Stamped {
  readonly apprenticeId: string;
  readonly schoolId: string;
  readonly kind: 'student' | 'teacher';
  readonly name: string;
  readonly residentId: string;
  readonly phone?: string;
  readonly studyStage: StudyStage;
  readonly studyYear?: number;
  readonly major?: string;
  readonly className?: string;
  readonly personFingerprint: string;
  /** Set when a pairing of the apprentice first becomes active (经大师结对培养). */
  readonly pairedAt?: string;
}

export interface Agreements {
  readonly apprenticeshipAgreement: { readonly signedOn: string; readonly reference?: string };
  readonly schoolMentor: { readonly name: string; readonly staffNo?: string };
  readonly trainingPlan: { readonly agreedOn: string; readonly summary: string };
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface Consent {
  readonly at: string;
  /** Who recorded the party's consent (the school's unit user or an admin). */
  readonly recordedBy: string;
}

export interface Pairing extends Stamped {
  readonly pairingId: string;
  readonly schoolId: string;
  readonly masterId: string;
  readonly apprenticeId: string;
  readonly apprenticeKind: 'student' | 'teacher';
  readonly studyStage: StudyStage;
  readonly status: PairingStatus;
  readonly initiatedBy: Party;
  readonly masterConsent?: Consent;
  readonly apprenticeConsent?: Consent;
  readonly agreements?: Agreements;
  readonly activatedAt?: string;
  /** Face-to-face tutoring logged, in hours (8 hours = 1 day). */
  readonly faceToFaceHours: number;
  readonly sessionCount: number;
  readonly completion?: {
    readonly faceToFaceDays: number;
    readonly skillImproved: boolean;
    readonly assessment: string;
    readonly confirmedOn: string;
    readonly confirmedBy: string;
  };
  readonly ended?: {
    readonly reason: EndReason;
    readonly note?: string;
    readonly at: string;
    readonly by: string;
    readonly wasActive: boolean;
  };
}

export interface Session {
  readonly sessionId: string;
  readonly pairingId: string;
  readonly date: string;
  readonly hours: number;
  readonly days: number;
  readonly content: string;
  readonly confirmedBy: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface PairingList extends Stamped {
  readonly schoolId: string;
  readonly status: 'submitted' | 'approved' | 'returned';
  readonly pairingIds: readonly string[];
  readonly pairings: number;
  readonly teacherApprentices: number;
  readonly submittedOn: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
  readonly note?: string;
  readonly review?: {
    readonly outcome: 'approved' | 'returned';
    readonly reason: string;
    readonly at: string;
    readonly by: string;
  };
}

export interface Honour {
  readonly agencyId: AgencyId;
  readonly cycleId: string;
  readonly award: string;
  readonly subjectId: string;
  readonly subjectKind: 'master' | 'apprentice';
  readonly schoolId: string;
  readonly rank?: number;
  readonly evidence: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly grantedAt: string;
  readonly grantedBy: string;
}

const FULL = ['admin'];
export const seesFull = (roles: readonly string[]) => roles.some((r) => FULL.includes(r));

const strip = <T extends { agencyId: AgencyId }>({ agencyId: _a, ...rest }: T) => rest;

export const masterView = (m: Master, full: boolean) => {
  const { personFingerprint: _p, ...rest } = strip(m) as Omit<Master, 'agencyId'> & {
    personFingerprint?: string;
  };
  return { ...rest, residentId: full ? m.residentId : maskResidentId(m.residentId) };
};

export const apprenticeView = (a: Apprentice, full: boolean) => {
  const { personFingerprint: _p, ...rest } = strip(a);
  return {
    ...rest,
    residentId: full ? a.residentId : maskResidentId(a.residentId),
    ...(a.phone ? { phone: full ? a.phone : maskPhone(a.phone) } : {}),
  };
};

export const pairingView = (p: Pairing) => ({
  ...strip(p),
  faceToFaceDays: p.faceToFaceHours / 8,
});

export const listView = (l: PairingList, final: boolean) => ({ ...strip(l), final });
export const honourView = (h: Honour) => strip(h);

/** Audit snapshots never hold a raw resident ID or phone (X-RESIDENT-ID, X-AUDIT). */
export const masterSnapshot = (m: Master) => masterView(m, false) as unknown as Record<string, unknown>;
export const apprenticeSnapshot = (a: Apprentice) =>
  apprenticeView(a, false) as unknown as Record<string, unknown>;
export const snapshot = (x: object) => ({ ...x }) as Record<string, unknown>;
