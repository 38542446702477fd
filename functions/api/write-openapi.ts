/** `npm run openapi`: write functions/api/openapi.json from the routes (a test checks it is up to date). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateOpenApi, OPENAPI_FILE } from './openapi.js';

writeFileSync(OPENAPI_FILE, `${JSON.stringify(generateOpenApi(), null, 2)}\n`);
process.stdout.write(`wrote ${fileURLToPath(OPENAPI_FILE)}\n`);
