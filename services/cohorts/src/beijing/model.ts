/** The Beijing project (项目) and what hangs off it, as stored, and their views. */
import type { AgencyId } from '@talent/data';
import { versionEtag } from '@talent/http';
import { maskResidentId } from '@talent/kernel';
import type { DISQUALIFICATION_GROUNDS, MEMBER_ROLES, ProjectStatus } from './schemas';

export const PROGRAMME_ID = 'beijing-craftsman-teachers';

export interface Target {
  readonly targetId: string;
  readonly description: string;
}

export interface Plan {
  readonly status: 'draft' | 'submitted' | 'returned' | 'approved';
  /** 1 for the first approved plan; +1 for each approved change request. */
  readonly revision: number;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly years: number;
  readonly growthPlan: string;
  readonly taskBook: string;
  readonly overallTargets: readonly Target[];
  readonly yearlyTargets: readonly { readonly year: number; readonly targets: readonly Target[] }[];
  readonly submittedAt?: string;
  readonly reviewedAt?: string;
  readonly reviewedBy?: string;
  readonly reviewComments?: string;
  readonly approvedAt?: string;
}

export interface Ending {
  readonly kind: 'eliminated' | 'disqualified' | 'not-accepted';
  readonly ruleId: string;
  readonly reason: string;
  readonly ground?: (typeof DISQUALIFICATION_GROUNDS)[number];
  readonly at: string;
  readonly by: string;
}

export interface Project {
  readonly projectId: string;
  readonly agencyId: AgencyId;
  readonly cycleId: string;
  readonly nominationId: string;
  readonly category: string;
  readonly nomineeKind: 'person' | 'team';
  readonly unitId: string;
  /** The selectee's or the team's name (never an ID). */
  readonly name: string;
  readonly status: ProjectStatus;
  readonly plan?: Plan;
  readonly planHistory: readonly Plan[];
  readonly pendingChangeRequestId?: string;
  readonly memberCount: number;
  readonly checks: readonly string[];
  readonly ending?: Ending;
  readonly certificateNumber?: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface Member {
  readonly memberId: string;
  readonly name: string;
  readonly residentId?: string;
  readonly role: (typeof MEMBER_ROLES)[number];
  readonly isLeader: boolean;
  readonly professionalTitle?: string;
  readonly skillLevel?: string;
  readonly employer?: string;
  readonly addedAt: string;
  readonly addedBy: string;
}

export interface ChangeRequest {
  readonly changeRequestId: string;
  readonly projectId: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly reason: string;
  readonly plan: Plan;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly comments?: string;
}

export type CheckKind = 'annual' | 'mid-term' | 'acceptance';

export interface Check {
  readonly checkKey: string;
  readonly projectId: string;
  readonly kind: CheckKind;
  readonly year?: number;
  readonly results: readonly {
    readonly targetId: string;
    readonly description: string;
    readonly met: boolean;
    readonly note?: string;
  }[];
  readonly passed: boolean;
  /** An annual check the experts passed although these yearly targets were missed (their verdict). */
  readonly passedWithMissedTargets?: readonly string[];
  readonly score?: number;
  readonly comments: string;
  readonly planRevision: number;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly finalAt?: string;
}

export interface Report {
  readonly checkKey: string;
  readonly projectId: string;
  readonly summary: string;
  readonly targets: readonly {
    readonly targetId: string;
    readonly met: boolean;
    readonly evidence?: string;
  }[];
  readonly submittedBy: string;
  readonly submittedAt: string;
}

export interface Certificate {
  readonly certificateNumber: string;
  readonly projectId: string;
  readonly category: string;
  readonly titleZh: string;
  readonly name: string;
  readonly unitId: string;
  readonly issuedOn: string;
  /** 培养结果作为评优评先、职称评审等方面的重要依据. */
  readonly countsForAwardsAndTitles: true;
  readonly ruleId: 'BJ-CERTIFICATES';
}

export const checkKeyOf = (kind: CheckKind, year?: number): string =>
  kind === 'annual' ? `annual-${year ?? 0}` : kind;

/** The stage kind of the programme calendar a check belongs to. */
export const STAGE_OF: Record<CheckKind, string> = {
  annual: 'annual-check',
  'mid-term': 'mid-term',
  acceptance: 'acceptance',
};

/** Projects still being cultivated (checks and plans apply); the others have ended. */
export const LIVE: readonly ProjectStatus[] = ['planning', 'active', 'accepted'];

/** Who sees members' resident IDs in full (X-RESIDENT-ID). */
export const seesFull = (roles: readonly string[]) => roles.includes('admin');

export const memberView = (m: Member, full: boolean) => ({
  ...m,
  ...(m.residentId ? { residentId: full ? m.residentId : maskResidentId(m.residentId) } : {}),
});

export const projectView = (p: Project) => {
  const { agencyId: _a, ...rest } = p;
  return rest;
};

export const etagOf = (p: Pick<Project, 'version'>): string => versionEtag(p);
