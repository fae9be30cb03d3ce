import type { ProgrammeStageHooks } from '@talent/svc-nominations/stage-hooks';

/** The zhuhai programme's cohort stages (by stage kind). */
export const zhuhaiStageHooks: ProgrammeStageHooks = {};
