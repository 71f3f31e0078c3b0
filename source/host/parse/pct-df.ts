/**
 * `pct df <vmid>`: `MP Volume Size Used Avail Use% Path` with human sizes (`629.0M`). Split on
 * whitespace, which also reads the same table after `column -t`; header, separator and
 * `LXC CTR: <id>` lines from such loops are skipped, and the CTR id is kept per row.
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseHumanSize, toInteger, toNumber} from './units.js';

export const PCT_DF_COMMAND = 'pct df';

export interface PctDfRow {
	/** `rootfs`, `mp0`.. */
	mp: string;
	volume: string;
	size: number; // bytes
	used: number;
	avail: number;
	/** Percent used 0..100. */
	percent: number | null;
	path: string;
	/** From a preceding `LXC CTR: <id>` line (wrapper loops print it), when present. */
	vmid?: number;
}

export function parsePctDf(text: string): ParseResult<PctDfRow[]> {
	return guardParse(PCT_DF_COMMAND, () => {
		const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
		if (!lines.some((line) => /^\s*MP\s+Volume\s+Size\s+Used\s+Avail/i.test(line))) {
			return parseFailure(PCT_DF_COMMAND, 'missing the `MP Volume Size Used Avail Use% Path` header');
		}
		const rows: PctDfRow[] = [];
		const warnings: string[] = [];
		let vmid: number | undefined;
		for (const [index, line] of lines.entries()) {
			const ctr = /^\s*LXC\s+CTR:\s+([0-9]+)/i.exec(line);
			if (ctr) {
				vmid = toInteger(ctr[1]) ?? undefined;
				continue;
			}
			if (/^\s*MP\s+Volume\b/i.test(line) || /^\s*=+\s*$/.test(line)) continue;
			const fields = line.trim().split(/\s+/);
			// Paths and volumes have no spaces in practice; extra fields join into the path.
			const [mp, volume, size, used, avail, percent] = fields;
			const sizes = [size, used, avail].map((field) => parseHumanSize(field ?? ''));
			if (fields.length < 7 || !mp || !volume || sizes.some((value) => value === null)) {
				warnings.push(`line ${index + 1} is not a mount row: ${line.trim().slice(0, 80)}`);
				continue;
			}
			const row: PctDfRow = {
				mp,
				volume,
				size: sizes[0] ?? 0,
				used: sizes[1] ?? 0,
				avail: sizes[2] ?? 0,
				percent: toNumber(percent?.replace(/%$/, '')),
				path: fields.slice(6).join(' '),
			};
			if (vmid !== undefined) row.vmid = vmid;
			rows.push(row);
		}
		return parsed(rows, warnings);
	});
}
