/**
 * Where the funding handler gets its facts: one place. By default the real readers
 * (`realFundingFacts()`: cohorts' acceptance and teacher promotions, ./facts-readers.ts); tests plug
 * `InMemoryFundingFacts` with `setFundingFacts`. Without a source, calculations answer 503
 * (P-FUNDING-FACTS): never a calculation from no facts.
 */
import { DomainError } from '@talent/kernel';
import type { FundingFacts } from './facts';
import { realFundingFacts } from './facts-readers';

export class FactsUnavailableError extends DomainError {
  constructor() {
    super(
      503,
      'facts-unavailable',
      'Funding facts unavailable',
      'The acceptance and promotion facts are not connected to the funding service yet',
      { ruleId: 'P-FUNDING-FACTS', headers: { 'retry-after': '60' } },
    );
  }
}

const unwired: FundingFacts = {
  acceptedTrainees: async () => {
    throw new FactsUnavailableError();
  },
  teacherPromotions: async () => {
    throw new FactsUnavailableError();
  },
};

let source: FundingFacts = realFundingFacts() ?? unwired;

export const fundingFacts = (): FundingFacts => source;

/** Plugs the facts source (the real readers, or `InMemoryFundingFacts` in tests); `undefined` unplugs. */
export const setFundingFacts = (next: FundingFacts | undefined): void => {
  source = next ?? realFundingFacts() ?? unwired;
};
