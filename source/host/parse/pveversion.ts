/**
 * `pveversion` (one line: `pve-manager/9.0.10/deb1ca70 (running kernel: 6.14.11-2-pve)`) and
 * `pveversion -v` (`package: version` lines, `proxmox-ve:` carrying the running kernel).
 * Output cut short mid-line still yields every complete line, with a warning.
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';

export const PVEVERSION_COMMAND = 'pveversion';

export interface PveVersion {
	/** `9.1.1`; empty when the output never named pve-manager (see warnings). */
	managerVersion: string;
	kernel?: string;
	/** Package -> version, from `-v`; the short form fills in pve-manager only. */
	packages: Record<string, string>;
}

const SHORT_FORM = /^pve-manager\/([^/\s]+)(?:\/\S+)?(?:\s+\(running kernel:\s*([^)\s]+)\))?/;
const LAST_PACKAGE = 'zfsutils-linux';
const PACKAGE_LINE = /^([a-z0-9][a-z0-9.+-]*):\s+(\S+)(.*)$/;

export function parsePveversion(text: string): ParseResult<PveVersion> {
	return guardParse(PVEVERSION_COMMAND, () => {
		const result: PveVersion = {managerVersion: '', packages: {}};
		const warnings: string[] = [];
		const lines = text.split(/\r?\n/);
		for (const [index, rawLine] of lines.entries()) {
			const line = rawLine.trim();
			if (line === '') continue;
			const short = SHORT_FORM.exec(line);
			if (short) {
				result.managerVersion = short[1] ?? '';
				result.packages['pve-manager'] = result.managerVersion;
				if (short[2]) result.kernel = short[2];
				continue;
			}
			const pkg = PACKAGE_LINE.exec(line);
			if (!pkg) {
				const last = lines.slice(index + 1).every((rest) => rest.trim() === '');
				warnings.push(last ? `output ends mid-line (truncated?): ${line.slice(0, 80)}` : `line ${index + 1} is not a package line: ${line.slice(0, 80)}`);
				continue;
			}
			const name = pkg[1] ?? '';
			result.packages[name] = pkg[2] ?? '';
			const kernel = /\(running kernel:\s*([^)\s]+)\)/.exec(pkg[3] ?? '')?.[1];
			if (kernel) result.kernel = kernel;
			if (name === 'pve-manager') result.managerVersion = pkg[2] ?? '';
		}
		if (Object.keys(result.packages).length === 0) {
			return parseFailure(PVEVERSION_COMMAND, 'no pve-manager version in the output');
		}
		if (result.managerVersion === '') warnings.push('the output does not name a pve-manager version');
		// `-v` lists packages in a fixed order that ends with zfsutils-linux in PVE 6 to 9; a list
		// that starts (proxmox-ve) but never gets there was cut off, even if it ends on a full line.
		if (result.packages['proxmox-ve'] !== undefined && result.packages[LAST_PACKAGE] === undefined) {
			const last = Object.keys(result.packages).at(-1) ?? '';
			warnings.push(`the package list stops after ${last} without ${LAST_PACKAGE}: output looks truncated`);
		}
		return parsed(result, warnings);
	});
}
