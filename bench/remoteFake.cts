import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';

export interface FakeStats {
	requests: number;
	leads: number;
	distinctEmails: number;
	[figure: string]: number | string;
}

export interface RemoteFake {
	url: string;
	stats(): Promise<FakeStats>;
	stop(): Promise<void>;
}

/** Starts a fake API in a child process (see fakeProcess.ts) and stops it by its own PID. */
export async function startRemoteFake(service: string, options: object): Promise<RemoteFake> {
	const child: ChildProcess = fork(
		path.join(__dirname, 'fakeProcess.cjs'),
		[service, JSON.stringify(options)],
		{
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		},
	);
	const url = await new Promise<string>((resolve, reject) => {
		child.once('message', (m: { type: string; url: string }) =>
			m.type === 'ready' ? resolve(m.url) : reject(new Error('fake failed')),
		);
		child.once('exit', (code) => reject(new Error(`fake exited with ${code}`)));
	});
	return {
		url,
		stats: async () =>
			await new Promise<FakeStats>((resolve) => {
				child.once('message', (m: FakeStats & { type: string }) => resolve(m));
				child.send({ type: 'stats' });
			}),
		stop: async () =>
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 5000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				child.send({ type: 'stop' });
			}),
	};
}
