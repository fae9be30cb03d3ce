import { defineRoute, healthResponse } from '@talent/http';
import * as z from 'zod';
import {
  programmeList,
  programmeParams,
  programmeVersionList,
  programmeVersionParams,
  programmeView,
  registerProgrammeBody,
} from './schemas/programme';

const tags = ['platform'];
const anyRole = ['admin', 'reviewer', 'unit', 'finance', 'auditor'] as const;

export const health = defineRoute({
  operationId: 'health',
  method: 'GET',
  path: '/health',
  roles: 'public',
  summary: 'Health of the API',
  tags,
  response: healthResponse,
});

export const openApiDocument = defineRoute({
  operationId: 'openApiDocument',
  method: 'GET',
  path: '/openapi.json',
  roles: 'public',
  summary: 'This OpenAPI 3.1 document, generated from the route schemas',
  tags,
});

export const listProgrammes = defineRoute({
  operationId: 'listProgrammes',
  method: 'GET',
  path: '/programmes',
  roles: anyRole,
  summary: "The programmes the caller's agency runs: the built-ins and its own, the latest version of each",
  description:
    'Each with its categories (attribute schemas, rule ids), calendar, funding, grading, targets and rules (ids, kinds, dispositions; the params are in GET /programmes/{programmeId}).',
  tags,
  response: programmeList,
});

export const getProgramme = defineRoute({
  operationId: 'getProgramme',
  method: 'GET',
  path: '/programmes/{programmeId}',
  roles: anyRole,
  summary: 'The latest version of one programme, with every rule (id, kind, disposition, params)',
  description: "Another agency's programme is 404 (X-TENANT).",
  tags,
  params: programmeParams,
  response: programmeView,
});

export const listProgrammeVersions = defineRoute({
  operationId: 'listProgrammeVersions',
  method: 'GET',
  path: '/programmes/{programmeId}/versions',
  roles: anyRole,
  summary: 'Every version of a programme the agency runs, oldest first (the built-in first, then its own)',
  tags,
  params: programmeParams,
  response: programmeVersionList,
});

export const getProgrammeVersion = defineRoute({
  operationId: 'getProgrammeVersion',
  method: 'GET',
  path: '/programmes/{programmeId}/versions/{version}',
  roles: anyRole,
  summary: 'One version of a programme, as a cycle started on it sees it (versions never change)',
  tags,
  params: programmeVersionParams,
  response: programmeView,
});

export const registerProgramme = defineRoute({
  operationId: 'registerProgramme',
  method: 'POST',
  path: '/programmes',
  roles: ['admin'],
  summary: 'Register a programme of the agency, or the next version of one it runs',
  description:
    "The body is a programme definition (the shape of the built-ins). `agencyIds` is the caller's agency only; `version` is 1 for a new id and latest + 1 otherwise (422). Every problem is a 422 naming its field (P-PROGRAMME-DEFINITION); two registrations of one version: one wins, the other is 409 (P-PROGRAMME-VERSION). An id of a built-in the agency does not run is not available (422).",
  tags,
  body: registerProgrammeBody,
  response: programmeView,
  successStatus: 201,
});

export const currentAgency = defineRoute({
  operationId: 'currentAgency',
  method: 'GET',
  path: '/agencies/me',
  roles: anyRole,
  summary: "The caller's agency and roles",
  tags,
  response: z.lazy(() =>
    z.object({
      agencyId: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      userId: z.string(),
      roles: z.array(z.string()),
    }),
  ),
});

const yearSchedule = z.lazy(() =>
  z.object({
    year: z.number(),
    holidays: z.array(z.string()).describe('Days off on weekdays (whole holiday blocks may be listed)'),
    workdays: z.array(z.string()).describe('Make-up working days on Saturdays and Sundays (调休上班)'),
    source: z.string().optional(),
    uploadedAt: z.string().optional(),
    uploadedBy: z.string().optional(),
  }),
);

export const listCalendarYears = defineRoute({
  operationId: 'listCalendarYears',
  method: 'GET',
  path: '/calendar/years',
  roles: anyRole,
  summary:
    'The years of the official working-day calendar the agency has: bundled and uploaded (X-WORKING-DAYS)',
  description:
    'A publicity period that falls in a year not listed here is blocked until the agency uploads that year’s State Council schedule.',
  tags,
  response: z.lazy(() =>
    z.object({
      bundled: z.array(z.number()),
      bundledFrom: z.string(),
      uploaded: z.array(yearSchedule),
      covered: z.array(z.number()),
    }),
  ),
});

export const uploadCalendarYear = defineRoute({
  operationId: 'uploadCalendarYear',
  method: 'PUT',
  path: '/calendar/years/{year}',
  roles: ['admin'],
  summary:
    "Upload a year's official holiday schedule (放假安排) with its make-up working days (X-WORKING-DAYS)",
  description:
    'The body is `{ year, holidays, workdays, source? }` as the State Council notice gives them; it replaces the bundled schedule of that year for this agency. Every problem is a 422 naming its field (X-WORKING-DAYS).',
  tags,
  params: z.lazy(() => z.strictObject({ year: z.coerce.number().int().min(1949).max(9999) })),
  body: z.lazy(() => z.unknown()),
  response: yearSchedule,
});

export const routes = [
  health,
  openApiDocument,
  listProgrammes,
  getProgramme,
  listProgrammeVersions,
  getProgrammeVersion,
  registerProgramme,
  listCalendarYears,
  uploadCalendarYear,
  currentAgency,
] as const;
