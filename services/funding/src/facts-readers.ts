/**
 * The real facts readers (cohorts' acceptance results, teacher promotions): the lead plugs them in
 * here. Until then `undefined`, and calculations answer 503 P-FUNDING-FACTS.
 */
import type { FundingFacts } from './facts';

export const realFundingFacts = (): FundingFacts | undefined => undefined;
