// Runs one fake API in its own process, so that a benchmark measures the node and not the fake:
// the real API is on another machine. Talks to its parent over IPC: 'stats' → counts, 'stop' → exits.
import { startConvertrFake } from '../test/fakes/convertr';

async function main(): Promise<void> {
	const [service, optionsJson] = process.argv.slice(2);
	if (service !== 'convertr') throw new Error(`unknown fake ${service}`);
	const fake = await startConvertrFake(JSON.parse(optionsJson ?? '{}'));
	process.on('message', (message: { type: string }) => {
		if (message.type === 'stats') {
			process.send?.({
				type: 'stats',
				requests: fake.requests.length,
				leadPosts: fake.leadPosts().length,
				tokenRequests: fake.tokenRequests().length,
				leads: fake.leads.length,
				distinctEmails: new Set(fake.leads.map((l) => JSON.stringify(l.form.email))).size,
			});
		} else if (message.type === 'stop') {
			void fake.stop().then(() => process.exit(0));
		}
	});
	process.send?.({ type: 'ready', url: fake.url });
}

main().catch((error: unknown) => {
	process.stderr.write(`${String(error)}\n`);
	process.exit(1);
});
