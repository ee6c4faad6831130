import type { LoadResult } from './load';

/** One line of a results table. */
export interface Row {
  label: string;
  result: LoadResult;
}

/** A goal a figure is held against. */
export interface Target {
  name: string;
  actual: number;
  op: '>=' | '<';
  threshold: number;
  unit?: string;
}

export const fmt = (value: number, digits = 1) => value.toFixed(digits);

/** `numerator / denominator`, NaN when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.NaN : numerator / denominator;
}

export function passes(target: Target): boolean {
  return target.op === '>=' ? target.actual >= target.threshold : target.actual < target.threshold;
}

/** Fixed-width text table: one header row, then rows; columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const RESULT_HEADER = ['run', 'mode', 'conns', 's', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'ac p99', '2xx', 'non2xx', 'errors'];

function resultCells({ label, result: r }: Row): string[] {
  const mode = r.mode === 'rate' ? 'rate' : 'max';
  return [
    label,
    mode,
    String(r.connections),
    String(r.durationSeconds),
    fmt(r.requestsPerSecond, 0),
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    fmt(r.maxMs, 1),
    String(r.autocannonP99Ms),
    String(r.ok),
    String(r.non2xx),
    String(r.errors),
  ];
}

/** Prints load results as a table (p50/p99 exact; "ac p99" is autocannon's whole-ms p99). */
export function printResults(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  console.log(formatTable(RESULT_HEADER, rows.map(resultCells)));
}

export function describeTarget(target: Target): string {
  const unit = target.unit ?? '';
  const verdict = passes(target) ? 'PASS' : 'MISS';
  return `${verdict}  ${target.name}: ${fmt(target.actual, 2)}${unit} (target ${target.op} ${target.threshold}${unit})`;
}

/** Prints one PASS/MISS line per target; returns how many missed. */
export function printTargets(targets: Target[]): number {
  console.log('\ntargets');
  for (const target of targets) console.log(`  ${describeTarget(target)}`);
  return targets.filter((target) => !passes(target)).length;
}
