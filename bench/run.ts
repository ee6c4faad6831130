// Runs every benchmark: `node dist/bench/run.js [--quick] [name...]` (`npm run bench`). A missed
// target is reported, not fatal; the exit code is non-zero only when a benchmark could not run.
import { gatewayRoundtripBench, type BenchOptions, type BenchSummary } from './gateway-roundtrip.bench';
import { kubeSimScaleBench } from './kube-sim-scale.bench';
import { quotaReservationBench } from './quota-reservation.bench';

interface Bench {
  name: string;
  run: (options: BenchOptions) => Promise<BenchSummary>;
}

const BENCHES: Bench[] = [
  { name: 'gateway-roundtrip', run: gatewayRoundtripBench },
  { name: 'quota-reservation', run: quotaReservationBench },
  { name: 'kube-sim-scale', run: kubeSimScaleBench },
];

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((bench) => bench.name).join(', ')}`);
    return 2;
  }
  const selected = BENCHES.filter((bench) => names.length === 0 || names.includes(bench.name));
  const lines: string[] = [];
  let failed = 0;
  for (const bench of selected) {
    try {
      lines.push((await bench.run({ quick })).line);
    } catch (error) {
      failed++;
      console.error(`\n${bench.name} could not run:`, error);
      lines.push(`${bench.name}: FAILED (${(error as Error).message.split('\n')[0]})`);
    }
  }
  console.log(`\n== summary${quick ? ' (quick)' : ''} ==`);
  for (const line of lines) console.log(line);
  return failed ? 1 : 0;
}

process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
