// Every test file: what n8n's logger (and anything else) prints is captured instead of shown, and at the end
// of the file it is checked for the fakes' secrets and issued tokens: a secret never appears in a log line.
import { CONVERTR_SECRETS } from '../fakes/convertr';

const captured: string[] = [];
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
const originals = methods.map((m) => console[m]);

beforeAll(() => {
	for (const m of methods) {
		console[m] = (...args: unknown[]) => {
			captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a, Object.getOwnPropertyNames(a ?? {})))).join(' '));
		};
	}
});

afterAll(() => {
	methods.forEach((m, i) => (console[m] = originals[i]));
	const secrets = [CONVERTR_SECRETS.clientSecret, CONVERTR_SECRETS.apiKey, CONVERTR_SECRETS.password];
	const leaks = captured.filter((line) => secrets.some((s) => line.includes(s)) || /tok\d+_[a-z0-9]+/.test(line));
	expect(leaks).toEqual([]);
});
