import * as z from 'zod';
import type { RouteContract } from './contract';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _drop, ...rest } = json;
  return rest;
};

const problemSchema: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'Problem type URI (docs/api.md)' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    ruleId: {
      type: 'string',
      description: 'Rule id from DOMAIN.md (e.g. X-RESIDENT-ID) or a platform rule (P-…)',
    },
    field: { type: 'string', description: 'Path of the first offending field' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'ruleId', 'message'],
        properties: {
          field: { type: 'string' },
          ruleId: { type: 'string' },
          message: { type: 'string' },
          messageZh: { type: 'string' },
        },
      },
    },
    requestId: { type: 'string' },
  },
};

const parametersOf = (schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] => {
  if (!schema) return [];
  const json = schemaOf(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
  }));
};

/** OpenAPI 3.1 from the route contracts (the same zod schemas the handlers validate with). */
export const buildOpenApi = (routes: readonly RouteContract[], info: { title: string; version: string }) => {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const problem = {
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
    if (route.idempotent ?? route.method === 'POST') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'Replays return the first response; the same key with a different body is 422.',
        schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
      });
    }
    if (route.requiresIfMatch) {
      parameters.push({ name: 'If-Match', in: 'header', required: true, schema: { type: 'string' } });
    }
    const responses: Record<string, JsonSchema> = {
      [String(route.successStatus ?? 200)]: {
        description: 'Success',
        ...(route.response
          ? { content: { 'application/json': { schema: schemaOf(route.response, 'output') } } }
          : {}),
      },
      '400': { description: 'Malformed request', ...problem },
      '413': { description: 'Body too large', ...problem },
      '415': { description: 'Unsupported media type', ...problem },
      '422': { description: 'Breaks a rule (see ruleId)', ...problem },
    };
    if (route.roles !== 'public') {
      responses['401'] = { description: 'No valid token' };
      responses['403'] = { description: `Needs one of: ${route.roles.join(', ')}`, ...problem };
    }
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.tags ? { tags: [...route.tags] } : {}),
      'x-roles': route.roles,
      parameters,
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
            },
          }
        : {}),
      responses,
      ...(route.roles === 'public' ? { security: [] } : {}),
    };
    const byMethod = paths[route.path] ?? {};
    byMethod[route.method.toLowerCase()] = operation;
    paths[route.path] = byMethod;
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: 'http://127.0.0.1:3000', description: 'Local stack (npm start)' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: problemSchema },
    },
  };
};
