import type { ProgrammeStageHooks } from '@talent/svc-nominations/stage-hooks';
import { checkBlockers, closeChecks, issueCertificates, openProjectsHook, planningBlockers } from './hooks';

/**
 * The beijing programme's cohort stages (by stage kind). Every hook is idempotent.
 * - planning: opened → a project per official entry; blockers → projects without an approved plan (BJ-PLAN);
 * - annual-check / mid-term / acceptance: blockers → active projects without the stage's result
 *   (BJ-CHECKS); closed → the stage's results are stamped final; acceptance also issues the
 *   certificates of the projects that passed (BJ-CERTIFICATES).
 */
export const beijingStageHooks: ProgrammeStageHooks = {
  planning: { opened: openProjectsHook, blockers: planningBlockers },
  'annual-check': { blockers: checkBlockers('annual'), closed: closeChecks('annual') },
  'mid-term': { blockers: checkBlockers('mid-term'), closed: closeChecks('mid-term') },
  acceptance: {
    blockers: checkBlockers('acceptance'),
    closed: async (ctx) => {
      await closeChecks('acceptance')(ctx);
      await issueCertificates(ctx);
    },
  },
};
