export { type BuildAppOptions, buildApp, stackName, type TalentApp } from './app';
export { BUNDLING, esbuildOptionsFor } from './bundling';
export { allRoutes, type ServiceDefinition, services } from './manifest';
export { METADATA_ENTRY, METADATA_HANDLER, METADATA_SERVICE } from './service-function';
export { type CloudFormationTemplate, type SynthesizedTemplates, synthTemplates } from './synth';
