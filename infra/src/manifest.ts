import type { RouteContract } from '@talent/http';
import { routes as cohortsRoutes } from '../../services/cohorts/src/routes';
import { routes as fundingRoutes } from '../../services/funding/src/routes';
import { routes as nominationsRoutes } from '../../services/nominations/src/routes';
import { routes as pairingsRoutes } from '../../services/pairings/src/routes';
import { routes as platformRoutes } from '../../services/platform/src/routes';
import { routes as reportingRoutes } from '../../services/reporting/src/routes';

/**
 * The services and their Lambda functions. Infra builds one function per service from this
 * list, the local stack finds each function's source through the `talent:entry` metadata that
 * infra writes into the template, and the OpenAPI document is generated from the same routes.
 */
export interface ServiceDefinition {
  readonly name: string;
  /** Handler module, relative to the repository root; exports `handler`. */
  readonly entry: string;
  readonly routes: readonly RouteContract[];
  /** Least privilege on the main table ('none' until a service has routes that need it). */
  readonly tableAccess: 'none' | 'read' | 'readwrite';
  /** Needs the PII hash key (person fingerprints, signed pagination cursors). */
  readonly piiKey?: boolean;
  /** Starts cycle executions of the programme state machines. */
  readonly workflows?: boolean;
  readonly memorySize?: number;
  /** Function timeout (default 29 s, under the HTTP API's 30 s integration limit). */
  readonly timeoutSeconds?: number;
  /** Writes and reads the export bucket (EXPORT_BUCKET; PutObject/multipart, GetObject, presigned links). */
  readonly exportBucket?: boolean;
}

export const services: readonly ServiceDefinition[] = [
  {
    name: 'nominations',
    entry: 'services/nominations/src/handlers/api.ts',
    routes: nominationsRoutes,
    tableAccess: 'readwrite',
    piiKey: true,
    workflows: true,
  },
  {
    name: 'pairings',
    entry: 'services/pairings/src/handlers/api.ts',
    routes: pairingsRoutes,
    tableAccess: 'readwrite',
    // Person fingerprints (one record per person) and signed cursors.
    piiKey: true,
  },
  {
    name: 'cohorts',
    entry: 'services/cohorts/src/handlers/api.ts',
    routes: cohortsRoutes,
    tableAccess: 'readwrite',
    // Person fingerprints (one record per person) and signed cursors.
    piiKey: true,
  },
  {
    name: 'funding',
    entry: 'services/funding/src/handlers/api.ts',
    routes: fundingRoutes,
    tableAccess: 'readwrite',
    // Person fingerprints (one payment per teacher and level) and signed cursors.
    piiKey: true,
    // Exports stream up to 100,000 lines through the CSV/XLSX writers into S3.
    exportBucket: true,
    memorySize: 1024,
    timeoutSeconds: 60,
  },
  {
    name: 'reporting',
    entry: 'services/reporting/src/handlers/api.ts',
    routes: reportingRoutes,
    // Reads every service's data; writes survey responses and scorecards (JS-FORMS).
    tableAccess: 'readwrite',
    piiKey: true,
  },
  {
    name: 'platform',
    entry: 'services/platform/src/handlers/api.ts',
    routes: platformRoutes,
    // Agencies register programme versions (POST /programmes).
    tableAccess: 'readwrite',
  },
];

/** The lifecycle function (workflow stack): state machine tasks and scheduled cycle openings. */
export const lifecycleFunction = {
  name: 'lifecycle',
  entry: 'services/nominations/src/handlers/lifecycle.ts',
} as const;

export const allRoutes = (): RouteContract[] => services.flatMap((s) => [...s.routes]);
