/** OS templates on the storages, `pveam update`'s index, and files downloaded on the host (the sim). */
export interface SimTemplating {
	osTemplates: {storage: string; node: string; file: string; size: number}[];
	/** When `pveam update` last ran; null: never (downloads find nothing to download). */
	indexAt: number | null;
	/** Host files a command downloaded (community scripts), by path. */
	files: Record<string, {url: string; sha256: string}>;
	/** A fault: every script downloaded from now on differs from what was pinned. */
	tamperedScripts?: boolean;
}

// The state's field for it is declared here, beside its type, so the state's own file stays
// within its size: TypeScript merges this into SimState wherever the sim is compiled.
declare module './types.js' {
	interface SimState {
		/** OS templates and downloaded files (template building); absent in states saved before. */
		templating?: SimTemplating;
	}
}
