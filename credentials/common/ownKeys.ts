/**
 * Keys from outside (item field names, webhook bodies, lists and configs a server returns) read and written as
 * data, never as a way into an object's prototype: a plain object read with `obj[key]` answers `constructor` with
 * the Object function, and a write to `obj['__proto__']` (or a path through it) changes every object of n8n's process.
 */

/** Names that reach an object's prototype when used as a key or as a step of a key path. */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPrototypeName(key: string): boolean {
	return PROTOTYPE_NAMES.has(key);
}

export function hasOwn(value: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(value, key);
}

/** The value a key holds in an object as its own property; undefined otherwise (inherited ones included). */
export function ownValue(source: unknown, key: string): unknown {
	if (typeof source !== 'object' || source === null || !hasOwn(source, key)) return undefined;
	return (source as Record<string, unknown>)[key];
}

/**
 * Writes a key as an own data property whatever its name (`__proto__` included): no setter on the way, the
 * prototype untouched. For records that keep what a server or a caller sent as it was sent.
 */
export function defineOwn<T>(target: Record<string, T>, key: string, value: T): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}
