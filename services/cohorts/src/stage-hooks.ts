import type { StageHookRegistry } from '@talent/svc-nominations/stage-hooks';
import { beijingStageHooks } from './beijing/stage-hooks';
import { guangdongStageHooks } from './guangdong/stage-hooks';
import { jiangsuStageHooks } from './jiangsu/stage-hooks';
import { zhuhaiStageHooks } from './zhuhai/stage-hooks';

/** The cohorts service's part in the later stages of each programme's cycle. */
export const cohortStageHooks: StageHookRegistry = {
  'jiangsu-excellent-technicians': jiangsuStageHooks,
  'beijing-craftsman-teachers': beijingStageHooks,
  'guangdong-diploma-technician': guangdongStageHooks,
  'zhuhai-new-craftsmen': zhuhaiStageHooks,
};
