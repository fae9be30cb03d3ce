import { healthRoute } from '@talent/http';
import { beijingRoutes } from './beijing/routes';
import { guangdongRoutes } from './guangdong/routes';
import { jiangsuRoutes } from './jiangsu/routes';
import { zhuhaiRoutes } from './zhuhai/routes';

/** Training delivery after selection, one module per programme family (see services/cohorts/README.md). */
export const routes = [
  healthRoute('cohorts'),
  ...jiangsuRoutes,
  ...beijingRoutes,
  ...guangdongRoutes,
  ...zhuhaiRoutes,
] as const;
