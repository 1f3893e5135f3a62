// Generates shared/api/schema.d.ts from docs/openapi.json (openapi-typescript).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const WEB = resolve(import.meta.dirname, '..');
const document = JSON.parse(readFileSync(resolve(WEB, '../docs/openapi.json'), 'utf8'));
const ast = await openapiTS(document);
const header = '/**\n * Generated from docs/openapi.json by web/scripts/api-types.mjs. Do not edit.\n */\n\n';
writeFileSync(resolve(WEB, 'shared/api/schema.d.ts'), header + astToString(ast));
