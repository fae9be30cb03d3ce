export { type ExportStore, setExportStore } from './export-store';
export type { AcceptedTrainee, FundingFacts, TeacherPromotion } from './facts';
export { InMemoryFundingFacts } from './facts';
export { fundingFacts, setFundingFacts } from './facts-source';
