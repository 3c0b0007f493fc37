// Every test file: what n8n's logger (and anything else) prints is captured instead of shown, and at the end
// of the file it is checked for the fakes' secrets and issued tokens: a secret never appears in a log line.
// The same scan covers every output item, error message and error description the nodes handed back in the
// file (recorded by the engine harness).
import { CONVERT_SECRETS } from '../fakes/convert.cjs';
import { CONVERTR_SECRETS } from '../fakes/convertr.cjs';
import { KARTRA_SECOND_ACCOUNT, KARTRA_SECRETS } from '../fakes/kartra.cjs';
import { outputText, recordedOutputs } from './outputs.cjs';

const captured: string[] = [];
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const originals = methods.map((m) => console[m]);

// Replaced before the test file loads n8n-core: its logger (winston) binds console.log when it is created
// and writes to console._stdout / console._stderr when they exist.
for (const m of methods) {
	console[m] = (...args: unknown[]) => {
		captured.push(
			args
				.map((a) =>
					typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})),
				)
				.join(' '),
		);
	};
}
const streams = console as unknown as { _stdout?: unknown; _stderr?: unknown };
const originalStreams = { _stdout: streams._stdout, _stderr: streams._stderr };
const capture = { write: (chunk: unknown) => captured.push(String(chunk)) > 0 };
streams._stdout = capture;
streams._stderr = capture;

afterAll(() => {
	methods.forEach((m, i) => (console[m] = originals[i]));
	Object.assign(streams, originalStreams);
	const secrets = [
		CONVERTR_SECRETS.clientSecret,
		CONVERTR_SECRETS.apiKey,
		CONVERTR_SECRETS.password,
		CONVERTR_SECRETS.campaignApiKey,
		KARTRA_SECRETS.apiKey,
		KARTRA_SECRETS.apiPassword,
		KARTRA_SECOND_ACCOUNT.apiKey,
		KARTRA_SECOND_ACCOUNT.apiPassword,
		CONVERT_SECRETS.sdkKeySecret,
		CONVERT_SECRETS.debugToken,
	];
	const leaks = (line: string) =>
		secrets.some((s) => line.includes(s) || line.includes(encodeURIComponent(s))) ||
		/tok\d+_[a-z0-9]+/.test(line);
	expect(captured.filter(leaks)).toEqual([]);
	const outputs = recordedOutputs.map(outputText).filter((text) => text !== undefined);
	expect(outputs.filter(leaks).map((text) => text.slice(0, 300))).toEqual([]);
});
