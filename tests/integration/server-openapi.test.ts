import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { tempDir } from '../helpers/tmp.js';
import { testConfig } from '../helpers/config.js';

interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
}

let dir: { path: string; remove(): Promise<void> };
let app: Awaited<ReturnType<typeof buildApp>>;
let doc: OpenApiDoc;

beforeAll(async () => {
  dir = await tempDir('wardwatch-openapi-');
  const config = testConfig(join(dir.path, 'ww.db'));
  app = await buildApp(config);
  // Anonymous, from a non-loopback address: the document is public.
  const res = await app.inject({ url: '/api/v1/openapi.json', remoteAddress: '192.0.2.9' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = JSON.parse(res.body) as OpenApiDoc;
});
afterAll(async () => {
  await app?.close();
  await dir?.remove();
});

/** Fastify `/a/:id` → OpenAPI `/a/{id}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3 document of this server', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('WardWatch API');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists every registered /api/v1 route with its method', () => {
    const api = app.wardwatch.routes.filter((r) => r.url.startsWith('/api/v1/'));
    expect(api.length).toBeGreaterThan(30);
    const missing = api.filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]);
    expect(missing).toEqual([]);
  });

  it('documents the request body of every route that validates one', () => {
    const withBody = app.wardwatch.routes.filter((r) => r.hasBody);
    expect(withBody.length).toBeGreaterThan(10);
    const undocumented = withBody.filter((r) => {
      const op = doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()];
      return !op?.requestBody?.content['application/json'];
    });
    expect(undocumented).toEqual([]);
  });

  it('leaves out the WebSocket routes and keeps /metrics', () => {
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/ws/'))).toEqual([]);
    expect(doc.paths['/metrics']?.get).toBeDefined();
  });
});
