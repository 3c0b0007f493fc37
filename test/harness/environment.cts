// The tests' environment: jest's Node environment (n8n-core's engine needs Node's globals), and a check that every
// test file stopped the servers and child processes it started. Checked once the file is done, after all its hooks
// and the closes they began: jest's workers otherwise stay alive after the run ("a worker process has failed to
// exit gracefully") without naming the file; this names it.
import NodeEnvironment from 'jest-environment-node';

interface ResourceInfo {
	getActiveResourcesInfo(): string[];
}

/** Node's names for a listening server and a child process */
const LEFT_OPEN = new Set(['TCPServerWrap', 'ProcessWrap']);

/** How long a close begun by the file's last hook may take to finish */
const CLOSING_MS = 250;

export default class TestEnvironment extends NodeEnvironment {
	override async teardown(): Promise<void> {
		await super.teardown();
		await new Promise((resolve) => setTimeout(resolve, CLOSING_MS));
		const left = (process as unknown as ResourceInfo)
			.getActiveResourcesInfo()
			.filter((name) => LEFT_OPEN.has(name));
		if (left.length > 0)
			throw new Error(`A test file left ${left.join(', ')} open: a test must stop what it started`);
	}
}
