import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** Version of this Flotilla build: the root package.json's, found by walking up from this file. */
export function flotillaVersion(): string {
  if (cached) return cached;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'flotilla' && pkg.version) return (cached = pkg.version);
    } catch {
      // no package.json at this level: keep walking
    }
  }
  return (cached = '0.0.0-unknown');
}
