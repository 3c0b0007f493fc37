/** An address without its trailing slashes (a loop: `/\/+$/` is quadratic in a long run of slashes) */
export function withoutTrailingSlashes(url: string): string {
	let end = url.length;
	while (end > 0 && url[end - 1] === '/') end--;
	return url.slice(0, end);
}
