import { createApi, healthImplementation } from '@talent/http';
import { formsImplementations } from '../forms/implementations';
import { kpisImplementations } from '../kpis/implementations';

/** The reporting service: official forms, surveys, KPIs and reports, read from the other services' data. */
export const handler = createApi([
  healthImplementation('reporting'),
  ...formsImplementations,
  ...kpisImplementations,
]);
