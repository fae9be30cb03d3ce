import { createHash } from 'node:crypto';
import { builtInDefinitions } from '@talent/catalogue';
import type { AgencyId } from '@talent/data';
import { currentStage, intakeOpen, type StageState } from './lifecycle/stages';
import type { CycleStatus, CycleView } from './schemas/cycle';

export type ExecutionStatus = 'NOT_STARTED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

/** The state machine execution that carries the cycle (one per year of the cycle). */
export interface CycleExecution {
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startedAt?: string;
  readonly year: number;
}

/** A cycle: one year (or round) of a programme for an agency (see docs/data-model.md). */
export interface Cycle {
  readonly cycleId: string;
  readonly agencyId: AgencyId;
  readonly programmeId: string;
  /** The programme version the cycle started with; it keeps it (P-PROGRAMME-VERSION). */
  readonly programmeVersion: number;
  readonly year: number;
  /** Ages, years of teaching and "in the last N years" are counted to this date. */
  readonly selectionDate: string;
  readonly status: CycleStatus;
  readonly stages: readonly StageState[];
  readonly execution: CycleExecution;
  /** The error a failed execution recorded (its failure-handling state). */
  readonly failure?: { readonly error: string; readonly cause: string; readonly at: string };
  /** Independent reviews each nomination needs before a decision (1, or 2); absent on older cycles: 1. */
  readonly reviewersPerNomination?: 1 | 2;
  /** The provisional-list draw (its latest run). */
  readonly provisionalList?: ProvisionalListSummary;
  /** Set once, when the official-list stage opens: the list is frozen (changes only by amendment). */
  readonly officialList?: { readonly frozenAt: string; readonly count: number };
  /** 备案: the official list registered with the higher authority. */
  readonly filing?: Filing;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface CategoryDraw {
  readonly category: string;
  readonly quota: number | null;
  /** When the quota caps a programme year (JS-CATEGORIES): its number for the year. */
  readonly quotaPerYear?: number;
  /** Then: listed and official in the year's other cycles when this draw ran (they count against it). */
  readonly listedInOtherCycles?: number;
  readonly approximate: boolean;
  readonly enforced: boolean;
  readonly candidates: number;
  readonly listed: number;
  readonly notListed: number;
  readonly flags: readonly {
    readonly ruleId: string;
    readonly message: string;
    readonly messageZh: string;
  }[];
}

export interface ProvisionalListSummary {
  readonly stageId: string;
  readonly drawnAt: string;
  readonly drawnBy: string;
  readonly listed: number;
  readonly notListed: number;
  readonly approximate: boolean;
  readonly categories: readonly CategoryDraw[];
}

export interface Filing {
  readonly authority: string;
  readonly filedOn: string;
  readonly reference: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** Reviews a nomination of the cycle needs (cycles opened before the setting: 1). */
export const reviewsRequired = (c: Pick<Cycle, 'reviewersPerNomination'>): number =>
  c.reviewersPerNomination ?? 1;

export const toCycleView = (c: Cycle): CycleView => ({
  cycleId: c.cycleId,
  programmeId: c.programmeId,
  programmeVersion: c.programmeVersion,
  year: c.year,
  selectionDate: c.selectionDate,
  status: c.status,
  intakeOpen: c.status === 'open' && intakeOpen(c.stages),
  currentStageId: currentStage(c.stages)?.id ?? null,
  stages: c.stages.map((s) => ({ ...s })),
  execution: { ...c.execution },
  ...(c.failure ? { failure: { ...c.failure } } : {}),
  reviewersPerNomination: reviewsRequired(c),
  ...(c.provisionalList
    ? {
        provisionalList: {
          stageId: c.provisionalList.stageId,
          drawnAt: c.provisionalList.drawnAt,
          drawnBy: c.provisionalList.drawnBy,
          listed: c.provisionalList.listed,
          notListed: c.provisionalList.notListed,
          approximate: c.provisionalList.approximate,
        },
      }
    : {}),
  ...(c.officialList ? { officialList: { ...c.officialList } } : {}),
  ...(c.filing ? { filing: { ...c.filing } } : {}),
  version: c.version,
  createdAt: c.createdAt,
  createdBy: c.createdBy,
  updatedAt: c.updatedAt,
  updatedBy: c.updatedBy,
});

/**
 * The execution name of a cycle's year: unique per state machine, so a second start of the same
 * year is the same execution. Step Functions names allow letters, digits, `-` and `_` up to 80
 * characters; a longer or other name is shortened with a hash of the whole.
 */
export const executionName = (c: Pick<Cycle, 'agencyId' | 'cycleId'>, year = 1): string => {
  const name = `${c.agencyId}--${c.cycleId}--y${year}`;
  if (name.length <= 80 && /^[A-Za-z0-9_-]+$/.test(name)) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60)}-${digest}`;
};

/** The state machine of cycles whose programme version is not a built-in one (registered by an agency). */
export const REGISTERED_PROGRAMMES_MACHINE = 'registered-programmes';

/**
 * Which state machine carries a cycle: its built-in programme's own (built from that version's
 * stages), else the one for registered programmes, which reads the stages from the cycle.
 */
export const machineFor = (c: Pick<Cycle, 'programmeId' | 'programmeVersion'>): string =>
  builtInDefinitions.some((d) => d.id === c.programmeId && d.version === c.programmeVersion)
    ? c.programmeId
    : REGISTERED_PROGRAMMES_MACHINE;
