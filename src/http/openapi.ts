/** Builds the OpenAPI 3.1 document served at /api/openapi.json from the route registry. */
import { z } from 'zod';
import type { ApiRegistry } from './api-registry.js';

type JsonSchema = Record<string, unknown>;

function schemaOf(type: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** Path and query parameters are listed one by one in OpenAPI, not as an object schema. */
function parametersOf(type: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!type) return [];
  const schema = schemaOf(type, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'params'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, params: { type: 'object' } },
    },
  },
};

export function openApiDocument(registry: ApiRegistry<unknown>, version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of registry.list()) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access,
      parameters: [...parametersOf(r.params, 'path'), ...parametersOf(r.query, 'query')],
      responses: {
        [String(r.status ?? 200)]: {
          description: 'Success',
          ...(r.response ? { content: { 'application/json': { schema: schemaOf(r.response, 'output') } } } : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (r.access !== 'public') op.security = [{ session: [], csrf: [] }, { apiKey: [] }];
    if (r.upload) {
      const fields = r.body ? schemaOf(r.body, 'input') : { type: 'object', properties: {} };
      const properties = { ...(fields.properties as object), [r.upload.fileField]: { type: 'string', format: 'binary' } };
      const required = r.upload.orJson ? [] : [r.upload.fileField];
      const content: Record<string, unknown> = { 'multipart/form-data': { schema: { ...fields, properties, required } } };
      if (r.upload.orJson) content['application/json'] = { schema: fields };
      op.requestBody = { required: true, content };
    } else if (r.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } };
    }
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tulostamo API', version },
    paths,
    components: {
      schemas: { Error: errorSchema },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'tulostamo_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
    },
  };
}
