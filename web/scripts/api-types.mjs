// Generates shared/api/schema.d.ts from docs/openapi.json (openapi-typescript).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const WEB = resolve(import.meta.dirname, '..');
const document = JSON.parse(readFileSync(resolve(WEB, '../docs/openapi.json'), 'utf8'));

// Stopgap, reported to the backend: query parameters built from pydantic models may point at
// `#/$defs/<Name>`, which does not exist in the document; the schema is in components.
const schemas = document.components?.schemas ?? {};
const dangling = new Set();
const text = JSON.stringify(document).replace(/"#\/\$defs\/([A-Za-z0-9_]+)"/g, (whole, name) => {
  if (!(name in schemas)) return whole;
  dangling.add(name);
  return JSON.stringify(`#/components/schemas/${name}`);
});
if (dangling.size) console.warn(`docs/openapi.json: #/$defs references resolved to components: ${[...dangling].join(', ')}`);

const ast = await openapiTS(JSON.parse(text));
const header = '/**\n * Generated from docs/openapi.json by web/scripts/api-types.mjs. Do not edit.\n */\n\n';
writeFileSync(resolve(WEB, 'shared/api/schema.d.ts'), header + astToString(ast));
