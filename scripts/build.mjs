// Compiles every app, lib, script and benchmark to dist/ with SWC (decorator metadata for Nest DI,
// path aliases rewritten to relative requires). Type checking is `npm run typecheck`.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const swc = join(root, 'node_modules', '@swc', 'cli', 'bin', 'swc.js');
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [swc, 'apps', 'libs', 'scripts', 'bench', '-d', 'dist', '--quiet', '--ignore', '**/*.spec.ts,**/*.integration-spec.ts,**/*.e2e-spec.ts,**/testing/**'],
  { cwd: root, stdio: 'inherit' },
);
// kube-sim serves the upstream OpenAPI schemas it ships (read beside its compiled sources)
cpSync(join(root, 'apps', 'kube-sim', 'schemas'), join(root, 'dist', 'apps', 'kube-sim', 'schemas'), { recursive: true });
