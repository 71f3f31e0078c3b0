export const ROOT: string;
export const BUNDLE: string;
export function buildBundle(outfile?: string): Promise<void>;
export function recordInputs(outfile: string, inputs: string[], startedNs: bigint, root?: string): void;
export function bundleIsFresh(outfile?: string, root?: string): boolean;
