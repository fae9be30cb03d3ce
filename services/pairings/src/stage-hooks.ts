import type { StageHookRegistry } from '@talent/svc-nominations/stage-hooks';

/** The pairings service's part in the later stages of Lishui's cycle (pairing list, mentoring, top selection). */
export const pairingStageHooks: StageHookRegistry = { 'lishui-masters': {} };
