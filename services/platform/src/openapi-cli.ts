import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiDocument } from './openapi';

/** `npm run openapi`: writes docs/openapi.json (a test keeps it equal to the generated document). */
const target = resolve(import.meta.dirname, '../../../docs/openapi.json');
writeFileSync(target, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
