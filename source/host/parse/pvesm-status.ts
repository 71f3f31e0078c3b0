/**
 * `pvesm status`: `Name Type Status Total Used Available %`. The sizes are KiB in every
 * version; PVE 9 only started saying so in the header (`Total (KiB)`). Disabled storages show
 * zeros and `N/A` in the % column.
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {toNumber} from './units.js';

export const PVESM_STATUS_COMMAND = 'pvesm status';

export interface PvesmStorage {
	name: string;
	type: string;
	/** active, inactive, disabled. */
	status: string;
	/** Bytes. */
	total: number;
	used: number;
	available: number;
	/** Percent used 0..100, or null when pvesm prints `N/A`. */
	percent: number | null;
}

export function parsePvesmStatus(text: string): ParseResult<PvesmStorage[]> {
	return guardParse(PVESM_STATUS_COMMAND, () => {
		const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
		const headerIndex = lines.findIndex((line) => /^\s*Name\s+Type\s+Status\s+Total\b/i.test(line));
		if (headerIndex < 0) return parseFailure(PVESM_STATUS_COMMAND, 'missing the `Name Type Status Total Used Available %` header');
		const header = lines[headerIndex] ?? '';
		// Every known version prints KiB; a header naming another unit would need handling here.
		const unit = /\((\w+)\)/.exec(header)?.[1];
		const warnings: string[] = unit !== undefined && unit !== 'KiB' ? [`unexpected size unit ${unit}, read as KiB`] : [];
		const storages: PvesmStorage[] = [];
		for (const [index, line] of lines.slice(headerIndex + 1).entries()) {
			const fields = line.trim().split(/\s+/);
			const [name, type, status, total, used, available, percent] = fields;
			const numbers = [total, used, available].map((field) => toNumber(field));
			if (fields.length !== 7 || !name || !type || !status || numbers.some((number) => number === null)) {
				warnings.push(`line ${headerIndex + index + 2} is not a storage row: ${line.trim().slice(0, 80)}`);
				continue;
			}
			storages.push({
				name,
				type,
				status,
				total: (numbers[0] ?? 0) * 1024,
				used: (numbers[1] ?? 0) * 1024,
				available: (numbers[2] ?? 0) * 1024,
				percent: toNumber(percent?.replace(/%$/, '')),
			});
		}
		return parsed(storages, warnings);
	});
}
