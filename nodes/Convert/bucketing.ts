/**
 * Deciding a visitor's variation locally, as Convert's SDKs do (pure: config + visitor → variation).
 *
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of `experienceId + visitorId`, seed 9999, scaled to a bucket in
 * 0..9999. Experiences of version ≤ 11 (or no version) use the "packed" layout of the published
 * `@convertcom/js-sdk` 4.x; later versions the "anchored" layout (api-notes; SDK 5.x).
 */

export const BUCKETING_SEED = 9999;
export const MAX_TRAFFIC = 10_000;
const HASH_RANGE = 4_294_967_296;
/** Last experience version that uses the packed layout */
const LAST_PACKED_VERSION = 11;

const utf8 = new TextEncoder();

/** MurmurHash3 (x86, 32-bit) of a string's UTF-8 bytes, as an unsigned 32-bit integer. */
export function murmurHash3(text: string, seed: number = BUCKETING_SEED): number {
	const bytes = utf8.encode(text);
	const length = bytes.length;
	const blocks = length - (length & 3);
	let h = seed >>> 0;
	const c1 = 0xcc9e2d51;
	const c2 = 0x1b873593;
	let i = 0;
	for (; i < blocks; i += 4) {
		let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
		k = Math.imul(k, c1);
		k = (k << 15) | (k >>> 17);
		k = Math.imul(k, c2);
		h ^= k;
		h = (h << 13) | (h >>> 19);
		h = (Math.imul(h, 5) + 0xe6546b64) | 0;
	}
	let tail = 0;
	switch (length & 3) {
		case 3:
			tail ^= bytes[i + 2] << 16;
		// falls through
		case 2:
			tail ^= bytes[i + 1] << 8;
		// falls through
		case 1:
			tail ^= bytes[i];
			tail = Math.imul(tail, c1);
			tail = (tail << 15) | (tail >>> 17);
			tail = Math.imul(tail, c2);
			h ^= tail;
	}
	h ^= length;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

/** The visitor's bucket for an experience, 0..9999. */
export function bucketOf(
	experienceId: string,
	visitorId: string,
	seed: number = BUCKETING_SEED,
): number {
	return Math.floor((murmurHash3(experienceId + visitorId, seed) / HASH_RANGE) * MAX_TRAFFIC);
}

export interface ConfigVariation {
	id?: unknown;
	key?: unknown;
	name?: unknown;
	traffic_allocation?: unknown;
	status?: unknown;
}

export interface ConfigExperience {
	id?: unknown;
	key?: unknown;
	name?: unknown;
	status?: unknown;
	type?: unknown;
	version?: unknown;
	environment?: unknown;
	variations?: unknown;
}

export type BucketingOutcome =
	| {
			bucketed: true;
			bucket: number;
			variation: ConfigVariation;
			variationId: string;
			layout: Layout;
	  }
	| { bucketed: false; bucket?: number; reason: string; layout: Layout };

export type Layout = 'packed' | 'anchored';

/** Whether the SDKs let a variation take traffic: running (or no status) and an allocation above 0 (or none). */
function isActive(variation: ConfigVariation): boolean {
	const status = variation.status;
	if (status && status !== 'running') return false;
	// The SDK's test is `allocation > 0 || isNaN(allocation)`: no allocation means 100 %.
	const allocation = Number(variation.traffic_allocation);
	return allocation > 0 || Number.isNaN(allocation);
}

/** A variation's share in hundredths of a percent; an absent (or unreadable) allocation counts as 100 %. */
function widthOf(variation: ConfigVariation): number {
	return Number(variation.traffic_allocation || 100) * 100;
}

function isArrayIndexKey(key: string): boolean {
	// JavaScript lists these object keys first, in ascending numeric order (ids are object keys in the SDK).
	return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4_294_967_295;
}

export function layoutOf(experience: ConfigExperience): Layout {
	const version = Number(experience.version);
	return Number.isFinite(version) && version > LAST_PACKED_VERSION ? 'anchored' : 'packed';
}

function variationsOf(experience: ConfigExperience): ConfigVariation[] {
	return Array.isArray(experience.variations)
		? (experience.variations as unknown[]).filter(
				(v): v is ConfigVariation => typeof v === 'object' && v !== null,
			)
		: [];
}

/**
 * Packed layout: the active variations, keyed by id in the order JavaScript gives object keys (numeric ids
 * ascending, then the others as they come), each taking its share after the previous ones.
 */
function selectPacked(variations: ConfigVariation[], bucket: number): ConfigVariation | undefined {
	const widths = new Map<string, { width: number; variation: ConfigVariation }>();
	for (const variation of variations) {
		if (!isActive(variation) || !variation.id) continue;
		const key = String(variation.id);
		const existing = widths.get(key);
		// A repeated id keeps its first place and takes the last entry's values, as an object key does.
		if (existing) {
			existing.width = widthOf(variation);
			existing.variation = variation;
		} else {
			widths.set(key, { width: widthOf(variation), variation });
		}
	}
	const keys = [...widths.keys()];
	const ordered = [
		...keys.filter(isArrayIndexKey).sort((a, b) => Number(a) - Number(b)),
		...keys.filter((k) => !isArrayIndexKey(k)),
	];
	let end = 0;
	for (const key of ordered) {
		const entry = widths.get(key)!;
		end += entry.width;
		if (bucket < end) return entry.variation;
	}
	return undefined;
}

/**
 * Anchored layout: every variation keeps its place in config order, stopped ones included (with no width), so
 * stopping or resizing one variation does not move the visitors of the others.
 */
function selectAnchored(
	variations: ConfigVariation[],
	bucket: number,
): ConfigVariation | undefined {
	const allocations = variations.map((v) => {
		const n = Number(v.traffic_allocation);
		return Number.isFinite(n) && n > 0 ? n : v.traffic_allocation === undefined ? 100 : 0;
	});
	const total = allocations.reduce((sum, n) => sum + n, 0);
	if (total <= 0) return undefined;
	let cumulative = 0;
	for (let i = 0; i < variations.length; i++) {
		// multiplied first, so that whole-number allocations give whole-number bounds (0.34 × 10000 is not 3400)
		const start = (cumulative * MAX_TRAFFIC) / total;
		const width = isActive(variations[i]) && variations[i].id ? allocations[i] * 100 : 0;
		cumulative += allocations[i];
		if (bucket >= start && bucket < start + width) return variations[i];
	}
	return undefined;
}

/** Decides the variation of one visitor in one experience. */
export function bucketVisitor(
	experience: ConfigExperience,
	visitorId: string,
	seed: number = BUCKETING_SEED,
): BucketingOutcome {
	const layout = layoutOf(experience);
	if (!experience.id) return { bucketed: false, reason: 'The experience has no ID', layout };
	const variations = variationsOf(experience);
	if (variations.length === 0)
		return { bucketed: false, reason: 'The experience has no variations', layout };
	const bucket = bucketOf(String(experience.id), visitorId, seed);
	const variation =
		layout === 'packed' ? selectPacked(variations, bucket) : selectAnchored(variations, bucket);
	if (!variation) {
		return {
			bucketed: false,
			bucket,
			reason: 'The visitor falls outside the traffic given to running variations',
			layout,
		};
	}
	return { bucketed: true, bucket, variation, variationId: String(variation.id), layout };
}
