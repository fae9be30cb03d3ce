/**
 * The typed facts a service hands to the rule engine. Each context names the moment a rule is checked
 * (`type`); a rule declares the one context it belongs to, and `evaluate` runs only the rules of the
 * context it is given. Paths in violations are relative to the context (`nominee.birthDate`,
 * `attributes.basis`, `trainees[3].grade`); a service prefixes its own base (`body.`).
 *
 * Dates are `YYYY-MM-DD` (Asia/Shanghai); money is integer fen; counts are integers.
 */
import type { DatePeriod, EducationLevel, IsoDate, ProfessionalTitle, SkillLevel } from '@talent/kernel';

export type Attributes = Readonly<Record<string, unknown>>;

/**
 * Facts about a person the eligibility rules compute with. `birthDate`, `gender`, `skillLevel`,
 * `professionalTitle` and `education` come from the nominee; the others from the category's attributes
 * that declare a `fact` (see `nominationContext`).
 */
export interface PersonFacts {
  readonly birthDate?: IsoDate;
  readonly gender?: 'male' | 'female';
  /** 50 (女工人, worker posts) or 55 (女干部, cadre posts): a woman's original retirement age (X-RETIREMENT-AGE). */
  readonly femaleRetirementBase?: 50 | 55;
  readonly skillLevel?: SkillLevel | string;
  readonly professionalTitle?: ProfessionalTitle | string;
  readonly education?: EducationLevel | string;
  /** First day of teaching (教龄 counts full years from it to the selection date). */
  readonly teachingStartedOn?: IsoDate;
  /** 专业课教师: rules "for specialty teachers" apply only when true. */
  readonly isSpecialtyTeacher?: boolean;
  /** 企业实践: periods spent practising in enterprises (inclusive dates). */
  readonly enterprisePractice?: readonly DatePeriod[];
  /** 行业企业工作经历或为企业提供技术服务: periods of enterprise work or technical service. */
  readonly enterpriseExperience?: readonly DatePeriod[];
}

/** The person-fact names a category field may feed (`field.fact`). */
export const PERSON_FACTS = [
  'femaleRetirementBase',
  'teachingStartedOn',
  'isSpecialtyTeacher',
  'enterprisePractice',
  'enterpriseExperience',
] as const satisfies readonly (keyof PersonFacts)[];
export type PersonFactName = (typeof PERSON_FACTS)[number];

/** A member of a team or of a teaching and assessment group. */
export interface GroupMember {
  readonly id: string;
  /** 'full-time-teacher' | 'enterprise-mentor' | 'enterprise-staff' | 'school-mentor' | … */
  readonly role: string;
  readonly isLeader?: boolean;
  readonly professionalTitle?: ProfessionalTitle | string;
  readonly skillLevel?: SkillLevel | string;
}

/** A sanction on record against the nominee or the recommending unit (JS-SANCTIONS). */
export interface SanctionRecord {
  readonly subject: 'person' | 'unit';
  readonly effect: 'no-recommendation' | 'no-provincial-awards' | 'no-carrier-projects';
  readonly imposedOn: IsoDate;
}

export interface Mentor {
  readonly role: string;
  readonly personId: string;
}

/** A nomination (推荐/申报) of a person, team or institution in a category. */
export interface NominationContext {
  readonly type: 'nomination';
  readonly category: string;
  /** The programme (cycle) year: JS-AGE counts on 1 January of it. */
  readonly programmeYear: number;
  /** The selection date: age limits, "years of teaching" and "in the last N years" count to it. */
  readonly selectionDate: IsoDate;
  readonly nominee?: PersonFacts;
  readonly attributes: Attributes;
  /** Team members (BJ-TEAM) or the teaching and assessment group (GD-FACULTY). */
  readonly members?: readonly GroupMember[];
  readonly sanctions?: readonly SanctionRecord[];
}

/** Selecting one more person into a category of a cycle: `selected` counts it. */
export interface SelectionContext {
  readonly type: 'selection';
  readonly category: string;
  /** Selections in the cycle for the category, including the one being made. */
  readonly selected: number;
  /**
   * Selections for the category in all the agency's cycles of the programme year, including the one
   * being made (checked against a quota's `perYear`; not given: only the cycle is checked).
   */
  readonly selectedInYear?: number;
}

/** Pairing one more apprentice with a master (LS). Counts are before the pairing is added. */
export interface PairingContext {
  readonly type: 'pairing';
  readonly masterId: string;
  /** 学段 */
  readonly studyStage: string;
  readonly activeApprenticesOfMasterInStage: number;
  /** The school's 大师学徒, students and teachers. */
  readonly schoolApprentices: number;
  readonly schoolTeacherApprentices: number;
  readonly adding: 'student' | 'teacher';
  /** Year of study of a student apprentice (1 = first year). */
  readonly apprenticeStudyYear?: number;
  readonly masterAccepted?: boolean;
  readonly apprenticeAccepted?: boolean;
  readonly mentors?: readonly Mentor[];
}

/** Confirming that a master's task with an apprentice is complete (LS-MENTOR-DAYS). */
export interface MentorshipCompletionContext {
  readonly type: 'mentorship-completion';
  readonly faceToFaceDays: number;
  readonly skillImproved: boolean;
  readonly confirmedBySchool: boolean;
}

/** Granting a title such as 优秀学徒 to one person. */
export interface AwardContext {
  readonly type: 'award';
  readonly award: string;
  readonly attributes: Attributes;
}

/** Selecting the winners of an award for a cycle (十佳大师, 百佳高徒): `selected` counts them all. */
export interface AwardSelectionContext {
  readonly type: 'award-selection';
  readonly award: string;
  readonly selected: number;
}

/** A list handed in for a calendar stage (LS-CALENDAR). */
export interface SubmissionContext {
  readonly type: 'submission';
  readonly stage: string;
  readonly cycleYear: number;
  readonly submittedOn: IsoDate;
}

/** Moving a cycle (or an application) from one stage to the next. */
export interface StageTransitionContext {
  readonly type: 'stage-transition';
  readonly from: string | null;
  readonly to: string;
}

/** A publicity period as planned: its length in working days (counted with the official calendar, X-WORKING-DAYS). */
export interface PublicityContext {
  readonly type: 'publicity';
  readonly stage: string;
  readonly workingDays: number;
}

/** Enrolling a student in a diploma-track class (GD-SCHOOLING, GD-DUAL-MENTOR). */
export interface EnrolmentContext {
  readonly type: 'enrolment';
  /** 'junior-high' | 'senior-high' | 'secondary-vocational' | 'higher-vocational' | 'bachelor-or-above' */
  readonly entryLevel: string;
  readonly plannedYears: number;
  readonly seniorWorkerStageYears?: number;
  readonly mentors?: readonly Mentor[];
}

/** A partner enterprise of an application (GD-ENTERPRISE). */
export interface PartnerContext {
  readonly type: 'partner';
  readonly selectionDate: IsoDate;
  readonly attributes: Attributes;
}

/** A training unit's plan for a year (JS-WINDOW, JS-HOURS-RATIO). Hours are whole class hours (学时). */
export interface TrainingPlanContext {
  readonly type: 'training-plan';
  readonly year: number;
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
  readonly theoryHours: number;
  readonly practiceHours: number;
}

/** Assigning an instructor (指导教师) to a trainee (JS-INSTRUCTOR). */
export interface InstructorAssignmentContext {
  readonly type: 'instructor-assignment';
  readonly instructor: Pick<PersonFacts, 'professionalTitle' | 'skillLevel'>;
}

export interface TraineeResult {
  readonly traineeId: string;
  readonly grade: string;
  readonly hoursAttended?: number;
  readonly hoursRequired?: number;
  readonly creditsEarned?: number;
  readonly creditsRequired?: number;
  readonly researchReportSubmitted?: boolean;
}

/** A training unit's proposed grades for the year (JS-GRADES, JS-GRADE-QUOTA, JS-ATTENDANCE-FAIL). */
export interface GradingContext {
  readonly type: 'grading';
  readonly unitId: string;
  readonly trainees: readonly TraineeResult[];
}

export interface ExpenseLine {
  /** 'teaching' | 'consumables' | 'travel' | 'meals' | 'lodging' | anything else (refused) */
  readonly category: string;
  readonly amountFen: number;
  /** For travel and lodging: the trainee trains away from home (异地参训). */
  readonly outOfTownTrainee?: boolean;
  /** For meals: at the unit's canteen, for the trainee only. */
  readonly atUnitCanteenForTrainee?: boolean;
}

/** How a training unit spent (or plans to spend) the subsidy (JS-EXPENSE-SPLIT). */
export interface ExpensesContext {
  readonly type: 'expenses';
  readonly unitId: string;
  readonly lines: readonly ExpenseLine[];
}

/** A school's yearly working-fund budget per master (LS-FUNDS-FLOOR). */
export interface BudgetContext {
  readonly type: 'budget';
  readonly year: number;
  readonly lines: readonly { readonly subjectId: string; readonly amountFen: number }[];
}

/** A proposed disbursement (拨付) or subsidy payment. */
export interface DisbursementContext {
  readonly type: 'disbursement';
  /** The funding item: a category ('A', 'B') or a level ('技师'). */
  readonly fundingKey: string;
  /** 1 for the first year of funding, 2 for the second … */
  readonly fundingYear: number;
  readonly enrolled?: number;
  /** Trainees who passed acceptance (the count money follows, JS-ACCEPTANCE); 1 for a single claim. */
  readonly passed: number;
  readonly perHeadFen: number;
  readonly amountFen: number;
  /** Facts of a claim (ZH-TEACHER-SUBSIDY). */
  readonly attributes?: Attributes;
}

/** A trainee's request about their participation (JS-DEFERRAL). */
export interface ParticipationContext {
  readonly type: 'participation';
  readonly action: 'defer';
  readonly deferralsUsed: number;
  readonly carriedHours?: number;
  readonly carriedCredits?: number;
}

/** A selectee's growth (construction) plan (BJ-PLAN). */
export interface ProjectPlanContext {
  readonly type: 'project-plan';
  readonly startsOn: IsoDate;
  readonly endsOn: IsoDate;
}

/** A teacher's year, for yearly requirements (ZH-TEACHER-PRACTICE). */
export interface TeacherYearContext {
  readonly type: 'teacher-year';
  readonly year: number;
  readonly teacher: PersonFacts;
}

/** Figures reported for a year and a scope (a college, the programme), for KPIs and targets. */
export interface ReportContext {
  readonly type: 'report';
  readonly year: number;
  /** 'programme' | 'college' … — an indicator is checked only in its own scope. */
  readonly scope: string;
  readonly metrics: Readonly<Record<string, number>>;
}

export type EvaluationContext =
  | NominationContext
  | SelectionContext
  | PairingContext
  | MentorshipCompletionContext
  | AwardContext
  | AwardSelectionContext
  | SubmissionContext
  | StageTransitionContext
  | PublicityContext
  | EnrolmentContext
  | PartnerContext
  | TrainingPlanContext
  | InstructorAssignmentContext
  | GradingContext
  | ExpensesContext
  | BudgetContext
  | DisbursementContext
  | ParticipationContext
  | ProjectPlanContext
  | TeacherYearContext
  | ReportContext;

/** `platform` is the context of cross-cutting rules (X-*) held by the platform itself, not the engine. */
export type ContextType = EvaluationContext['type'] | 'platform';

export const CONTEXT_TYPES = [
  'nomination',
  'selection',
  'pairing',
  'mentorship-completion',
  'award',
  'award-selection',
  'submission',
  'stage-transition',
  'publicity',
  'enrolment',
  'partner',
  'training-plan',
  'instructor-assignment',
  'grading',
  'expenses',
  'budget',
  'disbursement',
  'participation',
  'project-plan',
  'teacher-year',
  'report',
  'platform',
] as const satisfies readonly ContextType[];

export type ContextOf<T extends ContextType> = Extract<EvaluationContext, { type: T }>;

/** The category a context is about, if any (rules with `appliesTo.categories` need it). */
export const categoryOf = (context: EvaluationContext): string | undefined =>
  context.type === 'nomination' || context.type === 'selection' ? context.category : undefined;

/** The award a context is about, if any (rules with `appliesTo.awards` need it). */
export const awardOf = (context: EvaluationContext): string | undefined =>
  context.type === 'award' || context.type === 'award-selection' ? context.award : undefined;
