import type {Metafile} from 'esbuild';

export const ROOT: string;
export const BUNDLE: string;
export const SHEBANG_FLAGS: string[];
export function bundle(options: {
	entry: string;
	outfile?: string;
	outdir?: string;
	overlay?: string;
}): Promise<Metafile>;
export function buildBundle(outfile?: string): Promise<void>;
export function recordInputs(outfile: string, inputs: string[], startedNs: bigint, root?: string): void;
export function bundleIsFresh(outfile?: string, root?: string): boolean;
