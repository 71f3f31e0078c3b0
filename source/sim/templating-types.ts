/** The sim's state for template building (kept apart so types.ts stays one screenful of kinds). */
/** OS templates on the storages, `pveam update`'s index, and files downloaded on the host. */
export interface SimTemplating {
	osTemplates: {storage: string; node: string; file: string; size: number}[];
	/** When `pveam update` last ran; null: never (downloads find nothing to download). */
	indexAt: number | null;
	/** Host files a command downloaded (community scripts), by path. */
	files: Record<string, {url: string; sha256: string}>;
	/** A fault: every script downloaded from now on differs from what was pinned. */
	tamperedScripts?: boolean;
}
