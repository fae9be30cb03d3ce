import { code, defineRoute, healthResponse } from '@talent/http';
import * as z from 'zod';

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

const categoryView = z.lazy(() =>
  z.object({
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    nomineeKind: z.enum(['person', 'team', 'institution']),
    quotaPerCycle: z.number().optional(),
    ruleIds: z.array(z.string()),
    attributesSchema: z.record(z.string(), z.unknown()),
  }),
);

export const programmeView = z.lazy(() =>
  z.object({
    programmeId: z.string(),
    version: z.number(),
    nameZh: z.string(),
    nameEn: z.string(),
    issuersZh: z.array(z.string()),
    effectiveFrom: z.string(),
    source: z.string(),
    categories: z.array(categoryView),
  }),
);

export const listProgrammes = defineRoute({
  operationId: 'listProgrammes',
  method: 'GET',
  path: '/programmes',
  roles: anyRole,
  summary: "The programmes the caller's agency runs",
  tags,
  response: z.lazy(() => z.object({ items: z.array(programmeView) })),
});

export const getProgramme = defineRoute({
  operationId: 'getProgramme',
  method: 'GET',
  path: '/programmes/{programmeId}',
  roles: anyRole,
  summary: 'One programme with its categories, their attribute schemas and rule ids',
  tags,
  params: z.lazy(() => z.strictObject({ programmeId: code(64) })),
  response: programmeView,
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

export const routes = [health, openApiDocument, listProgrammes, getProgramme, currentAgency] as const;
