// The public API's OpenAPI document is a valid OpenAPI 3 document: checked
// by swagger-parser against the official OpenAPI 3.0 JSON Schema, with every
// $ref resolved. (The server's own tests call every documented path.)

import SwaggerParser from '@apidevtools/swagger-parser';
import { expect, test } from '@playwright/test';

test('the OpenAPI document validates against the OpenAPI 3.0 schema', async ({ request }) => {
  const response = await request.get('/api/v1/openapi.json');
  expect(response.status()).toBe(200);
  expect(response.headers()['access-control-allow-origin']).toBe('*');
  const document = await response.json();
  const api = await SwaggerParser.validate(structuredClone(document));
  expect(api.info.title).toBeTruthy();
  expect(Object.keys(api.paths)).toContain('/search');
  expect(Object.keys(api.paths)).toContain('/departments/{code}/versions/{version}/export.xlsx');
});
