// Static checks of the root Dockerfile and .dockerignore: one multi-stage image per app.
import { read } from './deploy-artifacts.fixtures';

/** Instructions of a Dockerfile with continuation lines joined and comments dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
  return dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions(read('Dockerfile'));
  const froms = all.filter((i) => i.op === 'FROM');
  const finalStage = all.slice(all.lastIndexOf(froms[froms.length - 1]));

  it('is multi-stage and takes the app as build argument APP', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(finalStage.some((i) => i.op === 'ARG' && /^APP(=|$)/.test(i.args))).toBe(true);
  });

  it('only copies from stages it defines', () => {
    const stages = froms.map((f) => /\bAS\s+(\S+)/i.exec(f.args)?.[1]).filter(Boolean);
    const copiedFrom = all.flatMap((i) => (i.op === 'COPY' ? [...i.args.matchAll(/--from=(\S+)/g)].map((m) => m[1]) : []));
    expect(copiedFrom.length).toBeGreaterThan(0);
    for (const stage of copiedFrom) expect(stages).toContain(stage);
  });

  it('installs with npm ci, and only production dependencies in the image it ships', () => {
    expect(all.some((i) => i.op === 'RUN' && /npm ci(?!.*--omit=dev)/.test(i.args))).toBe(true);
    expect(all.some((i) => i.op === 'RUN' && /npm run build/.test(i.args))).toBe(true);
    expect(all.some((i) => i.op === 'RUN' && /npm ci .*--omit=dev/.test(i.args))).toBe(true);
  });

  it('runs the chosen app as a non-root user, reading APP when the container starts', () => {
    const user = finalStage.filter((i) => i.op === 'USER').pop()?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(finalStage.some((i) => i.op === 'ENV' && /\bAPP=\$\{?APP\}?/.test(i.args))).toBe(true);
    const cmd = finalStage.filter((i) => i.op === 'CMD').pop()?.args ?? '';
    expect(cmd).toContain('node dist/apps/${APP}/src/main.js');
  });

  it('keeps node_modules, dist and .git out of the build context', () => {
    const ignored = read('.dockerignore').split(/\r?\n/).map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });
});
