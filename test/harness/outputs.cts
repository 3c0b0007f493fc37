/**
 * Everything the nodes under test handed back in this test file (output items, error messages and
 * descriptions), kept so that the setup file can scan it all for secrets when the file ends.
 * No n8n import here: the setup file loads this before any test loads n8n-core.
 */
export const recordedOutputs: unknown[] = [];

export function recordOutput(value: unknown): void {
	recordedOutputs.push(value);
}

/** A value as text for the scan: errors with their message and description, which JSON would drop. */
export function outputText(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v instanceof Error
			? { ...v, message: v.message, description: (v as { description?: unknown }).description }
			: v,
	);
}
