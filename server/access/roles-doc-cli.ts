import fs from 'node:fs';
import { roleMatrixMarkdown } from './role-matrix.js';

// Rewrites docs/roles.md from the role matrix: `npx tsx server/access/roles-doc-cli.ts`.
fs.writeFileSync(new URL('../../docs/roles.md', import.meta.url), roleMatrixMarkdown());
