/**
 * The progress of `pveam download` as it prints it (wget's dot progress: `3072K ........  5%
 * 9.67M 12s`), turned into a bar the job panel and the CLI show. The output is the host's
 * text: only the percentage and the length are read from it, never passed on.
 */

/** The last percentage in a chunk of wget's dot progress, or null. */
export function lastPercent(text: string): number | null {
	let found: number | null = null;
	for (const match of text.matchAll(/\s(\d{1,3})%\s/g)) {
		const n = Number(match[1]);
		if (n <= 100) found = n;
	}
	return found;
}

/** `Length: 126009839 (120M) [application/octet-stream]` → `120M`. */
export function downloadLength(text: string): string | null {
	return /^Length:\s+\d+\s+\(([0-9.]+[KMGT]?)\)/m.exec(text)?.[1] ?? null;
}

/** `[########            ]  40%`. */
export function progressBar(percent: number, width = 20): string {
	const clamped = Math.max(0, Math.min(100, Math.round(percent)));
	const full = Math.round((clamped / 100) * width);
	return `[${'#'.repeat(full)}${' '.repeat(width - full)}] ${String(clamped).padStart(3)}%`;
}

/**
 * Follows a download's output: `onBar` gets the bar each time the percentage moves (the
 * spinner's text), `onStep` a line at every tenth (the log the CLI prints), so a slow link
 * shows it moving and a fast one does not flood.
 */
export function downloadWatcher(
	file: string,
	onBar: (text: string) => void,
	onStep: (line: string) => void,
): (chunk: string) => void {
	let seen = '';
	let last = -1;
	let lastStep = -1;
	let length: string | null = null;
	return (chunk) => {
		// Keep only a tail: a line may arrive cut in two chunks.
		seen = (seen + chunk).slice(-4096);
		length ??= downloadLength(seen);
		const percent = lastPercent(seen);
		if (percent === null || percent === last) return;
		last = percent;
		const text = `${file}${length ? ` (${length})` : ''} ${progressBar(percent)}`;
		onBar(text);
		const step = Math.floor(percent / 10);
		if (step > lastStep) {
			lastStep = step;
			onStep(text);
		}
	};
}
