import { buildOpenApi, type RouteContract } from '@talent/http';
import { routes as cohorts } from '../../cohorts/src/routes';
import { routes as funding } from '../../funding/src/routes';
import { routes as nominations } from '../../nominations/src/routes';
import { routes as pairings } from '../../pairings/src/routes';
import { routes as reporting } from '../../reporting/src/routes';
import { routes as platform } from './routes';

export const apiRoutes: readonly RouteContract[] = [
  ...platform,
  ...nominations,
  ...pairings,
  ...cohorts,
  ...funding,
  ...reporting,
];

export const openApiDocument = () =>
  buildOpenApi(apiRoutes, { title: 'Skills-talent programmes API (技能人才项目平台)', version: '0.1.0' });
