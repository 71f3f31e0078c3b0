/**
 * `qm list`: `VMID NAME STATUS MEM(MB) BOOTDISK(GB) PID`, VMID right-aligned and rows padded
 * with trailing spaces. The four trailing columns are read from the end, so a name is whatever
 * sits between the VMID and the status.
 */
import type {GuestStatus} from '../../model/snapshot.js';
import {toGuestStatus} from './pvesh-resources.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {toInteger, toNumber} from './units.js';

export const QM_LIST_COMMAND = 'qm list';

export interface QmListRow {
	vmid: number;
	name: string;
	status: GuestStatus;
	memMb: number;
	bootdiskGb: number;
	/** 0 for a stopped VM. */
	pid: number;
}

export function parseQmList(text: string): ParseResult<QmListRow[]> {
	return guardParse(QM_LIST_COMMAND, () => {
		const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
		if (lines.length === 0) return parsed([]);
		if (!/^\s*VMID\s+NAME\s+STATUS\s+MEM/i.test(lines[0] ?? '')) {
			return parseFailure(QM_LIST_COMMAND, 'missing the `VMID NAME STATUS MEM(MB) BOOTDISK(GB) PID` header', 1);
		}
		const rows: QmListRow[] = [];
		const warnings: string[] = [];
		for (const [index, line] of lines.slice(1).entries()) {
			const fields = line.trim().split(/\s+/);
			const vmid = toInteger(fields[0]);
			const pid = toInteger(fields.at(-1));
			const bootdiskGb = toNumber(fields.at(-2));
			const memMb = toNumber(fields.at(-3));
			if (fields.length < 5 || vmid === null || pid === null || bootdiskGb === null || memMb === null) {
				warnings.push(`line ${index + 2} is not a VM row: ${line.trim().slice(0, 80)}`);
				continue;
			}
			rows.push({
				vmid,
				name: fields.slice(1, -4).join(' '),
				status: toGuestStatus(fields.at(-4)),
				memMb,
				bootdiskGb,
				pid,
			});
		}
		return parsed(rows, warnings);
	});
}
