/** The API's OpenAPI document, generated from the routes (the committed copy is functions/api/openapi.json). */
import { getProfile } from '../../contact-flows/profiles/index.js';
import { createApi, openApiDocument } from './app.js';
import type { ApiDeps } from './deps.js';

export function generateOpenApi(): unknown {
  // Routes are declared without touching their dependencies: none is called to describe them.
  const { app } = createApi({ profile: getProfile('auto-dealer'), core: {} } as unknown as ApiDeps);
  return openApiDocument(app);
}

export const OPENAPI_FILE = new URL('./openapi.json', import.meta.url);
