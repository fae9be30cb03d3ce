import { healthRoute } from '@talent/http';
import { formsRoutes } from './forms/routes';
import { kpisRoutes } from './kpis/routes';

/** Official forms and surveys (`forms`), programme KPIs and reports against targets (`kpis`). */
export const routes = [healthRoute('reporting'), ...formsRoutes, ...kpisRoutes] as const;
