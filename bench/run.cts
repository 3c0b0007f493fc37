// npm run bench: speed and request-count figures against the fake APIs (not a test; prints, never fails on time).
import '../test/harness/setupEnv.cjs';

import { benchConvert } from './convert.cjs';
import { benchConvertTargeting } from './convertTargeting.cjs';
import { type BenchResult, benchConvertr } from './convertr.cjs';
import { benchHostile } from './hostile.cjs';
import { benchKartra } from './kartra.cjs';

function print(result: BenchResult): void {
	process.stdout.write(`\n== ${result.name}\n`);
	for (const [key, value] of Object.entries(result.figures))
		process.stdout.write(`  ${key.padEnd(38)} ${value}\n`);
	for (const [goal, met] of Object.entries(result.goals))
		process.stdout.write(`  goal: ${goal.padEnd(30)} ${met ? 'met' : 'MISSED'}\n`);
}

async function main(): Promise<void> {
	const only = process.argv[2];
	const benches: Array<[string, () => Promise<BenchResult>]> = [
		['convertr', async () => await benchConvertr()],
		['kartra', async () => await benchKartra()],
		['convert', async () => await benchConvert()],
		['targeting', async () => await benchConvertTargeting()],
		['hostile', async () => await benchHostile()],
	];
	for (const [name, bench] of benches) {
		if (only && only !== name) continue;
		print(await bench());
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
		process.exit(1);
	},
);
