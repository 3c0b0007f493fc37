// The Convert setups of a test file: a fake per call, each stopped after its test (jest's afterEach; the benchmark
// imports convert.cts, not this).
import type { ConvertFake } from '../fakes/convert.cjs';
import { convertSetup } from './convert.cjs';

/** A setup per call (`convertSetup`'s arguments), each fake stopped after its test */
export function convertSetups(): (
	...args: Parameters<typeof convertSetup>
) => ReturnType<typeof convertSetup> {
	const started: Array<{ fake: ConvertFake }> = [];
	afterEach(async () => {
		for (const setup of started.splice(0)) await setup.fake.stop();
	});
	return async (...args) => {
		const setup = await convertSetup(...args);
		started.push(setup);
		return setup;
	};
}
