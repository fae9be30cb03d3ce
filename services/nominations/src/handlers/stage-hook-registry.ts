/**
 * The composition root of the stage hooks: which later service takes part in which stage of which
 * programme (see ../stage-hooks.ts). Imported lazily by the handlers, so only a stage that has hooks
 * loads the cohorts and pairings code.
 */
import { cohortStageHooks } from '@talent/svc-cohorts/stage-hooks';
import { pairingStageHooks } from '@talent/svc-pairings/stage-hooks';
import type { StageHookRegistry, StageHooks } from '../stage-hooks';

const registry: StageHookRegistry = { ...cohortStageHooks, ...pairingStageHooks };

export const stageHooksFor = (programmeId: string, stageKind: string): StageHooks | undefined =>
  registry[programmeId]?.[stageKind];
