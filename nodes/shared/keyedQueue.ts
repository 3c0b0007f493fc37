/**
 * Runs tasks that share a key one after another, in the order they were handed in; tasks with different keys run
 * side by side. Used where concurrent items may touch the same record (one lead in two rows of a sheet): their
 * calls then reach the API in input order, and the second sees what the first did.
 */
export class KeyedQueue {
	private readonly tails = new Map<string, Promise<void>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		const result = previous.then(task);
		const tail = result.then(
			() => undefined,
			() => undefined,
		);
		this.tails.set(key, tail);
		try {
			return await result;
		} finally {
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}
}
