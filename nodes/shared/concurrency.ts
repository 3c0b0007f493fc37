/**
 * Runs `task` for every input with at most `limit` tasks in flight, and returns the results in input
 * order whatever order they finish in. When a task throws, no further task starts; the tasks already
 * running are awaited, then the first error is thrown. Callers that want per-item errors return them
 * as values.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	task: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	let firstError: { error: unknown } | undefined;
	const worker = async () => {
		while (next < inputs.length && firstError === undefined) {
			const index = next++;
			try {
				results[index] = await task(inputs[index], index);
			} catch (error) {
				firstError ??= { error };
			}
		}
	};
	const workerCount = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	await Promise.all(Array.from({ length: workerCount }, worker));
	if (firstError !== undefined) throw firstError.error;
	return results;
}

/**
 * Tasks added over time, at most `limit` running at once, started in the order they were added. When a task
 * throws, no further task starts. {@link settle} waits for the running ones and gives the first error.
 */
export class WorkPool {
	private readonly waiting: Array<() => Promise<void>> = [];

	private running = 0;

	private failure: { error: unknown } | undefined;

	private readonly watchers: Array<{ ready: () => boolean; resolve: () => void }> = [];

	constructor(private readonly limit: number) {}

	get failed(): boolean {
		return this.failure !== undefined;
	}

	/** Whether a task is running */
	get busy(): boolean {
		return this.running > 0;
	}

	add(task: () => Promise<void>): void {
		this.waiting.push(task);
		this.pump();
	}

	private pump(): void {
		if (this.failure) this.waiting.length = 0;
		while (this.running < Math.max(1, Math.floor(this.limit)) && this.waiting.length > 0) {
			const task = this.waiting.shift() as () => Promise<void>;
			this.running++;
			task().then(
				() => this.finished(),
				(error: unknown) => {
					this.failure ??= { error };
					this.finished();
				},
			);
		}
		this.notify();
	}

	private finished(): void {
		this.running--;
		this.pump();
	}

	private notify(): void {
		for (const watcher of [...this.watchers]) {
			if (!watcher.ready()) continue;
			this.watchers.splice(this.watchers.indexOf(watcher), 1);
			watcher.resolve();
		}
	}

	private async until(ready: () => boolean): Promise<void> {
		if (ready()) return;
		await new Promise<void>((resolve) => this.watchers.push({ ready, resolve }));
	}

	/** Resolves once at most `backlog` tasks wait to start (or a task failed) */
	async room(backlog: number): Promise<void> {
		await this.until(() => this.failed || this.waiting.length <= backlog);
	}

	/** Waits until no task runs; the first error, if a task threw */
	async settle(): Promise<{ error: unknown } | undefined> {
		await this.until(() => this.running === 0 && (this.failed || this.waiting.length === 0));
		return this.failure;
	}
}

/** A list cut into runs of `size` (the last may be shorter) */
export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let i = 0; i < list.length; i += size) chunks.push(list.slice(i, i + size));
	return chunks;
}
