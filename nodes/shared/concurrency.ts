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
