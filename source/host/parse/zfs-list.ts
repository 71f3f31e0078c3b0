/**
 * `zfs list`. Host contract: `zfs list -Hp -t filesystem,volume -o name,used,avail,refer,mountpoint`
 * (tabs, exact bytes). Also reads the plain table with a header and human units, and `-H -o` with
 * other columns (pass them; columns the model has no field for are ignored).
 */
import type {Dataset, Unplaced} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseHumanSize} from './units.js';
import {splitZfsFields} from './zpool-list.js';

export const ZFS_LIST_COMMAND = 'zfs list';

export const ZFS_LIST_CONTRACT_COLUMNS: readonly string[] = ['name', 'used', 'avail', 'refer', 'mountpoint'];

const COLUMN_ALIASES: Record<string, string> = {
	available: 'avail',
	referenced: 'refer',
	usedbysnapshots: 'usedsnap',
	usedbydataset: 'usedds',
	usedbychildren: 'usedchild',
	usedbyrefreservation: 'usedrefreserv',
};

function normaliseColumn(column: string): string {
	const lower = column.trim().toLowerCase();
	return COLUMN_ALIASES[lower] ?? lower;
}

/**
 * A size; null when ZFS has none to give (`-`: a faulted pool's datasets), which stays unknown
 * rather than 0; undefined when the text is not a size at all (not a dataset row).
 */
function sizeField(text: string | undefined): number | null | undefined {
	if (text === undefined || text === '-' || text === '') return null;
	return parseHumanSize(text) ?? undefined;
}

function mountpointOf(text: string | undefined): string | null {
	if (text === undefined || text === '' || text === '-' || text === 'none') return null;
	return text;
}

function datasetFromFields(fields: readonly string[], columns: readonly string[]): Unplaced<Dataset> | null {
	const value = (column: string): string | undefined => {
		const index = columns.indexOf(column);
		return index === -1 ? undefined : fields[index];
	};
	const name = value('name');
	if (name === undefined || name === '') return null;
	const used = sizeField(value('used'));
	const avail = sizeField(value('avail'));
	const refer = sizeField(value('refer'));
	if (used === undefined || avail === undefined || refer === undefined) return null;
	const type = value('type');
	return {
		name,
		used,
		avail,
		refer,
		mountpoint: mountpointOf(value('mountpoint')),
		...(type === 'filesystem' || type === 'volume' ? {type} : {}),
	};
}

export function parseZfsList(
	text: string,
	columns: readonly string[] = ZFS_LIST_CONTRACT_COLUMNS,
): ParseResult<Unplaced<Dataset>[]> {
	return guardParse(ZFS_LIST_COMMAND, () => {
		if (text.trim() === '') return parseFailure(ZFS_LIST_COMMAND, 'empty output');
		if (/^no datasets available\s*$/i.test(text.trim())) return parsed([]);
		let active = columns.map(normaliseColumn);
		const datasets: Unplaced<Dataset>[] = [];
		const warnings: string[] = [];
		let firstLine = true;
		for (const [index, rawLine] of text.split('\n').entries()) {
			const line = rawLine.replace(/\r$/, '');
			if (line.trim() === '') continue;
			let fields = splitZfsFields(line);
			const isFirst = firstLine;
			firstLine = false;
			if (isFirst && fields[0] === 'NAME') {
				active = fields.map(normaliseColumn);
				continue;
			}
			// In the space-aligned table a mountpoint may itself contain spaces: the last column takes the rest.
			if (!line.includes('\t') && active.at(-1) === 'mountpoint' && fields.length > active.length) {
				fields = [...fields.slice(0, active.length - 1), fields.slice(active.length - 1).join(' ')];
			}
			// A row of another shape would be read into the wrong fields: not what was asked for.
			if (fields.length !== active.length) {
				return parseFailure(
					ZFS_LIST_COMMAND,
					`line ${index + 1} has ${fields.length} fields where the columns (${active.join(',')}) make ${active.length}`,
				);
			}
			const dataset = datasetFromFields(fields, active);
			if (dataset === null) {
				warnings.push(`line ${index + 1}: not a dataset row`);
				continue;
			}
			datasets.push(dataset);
		}
		if (datasets.length === 0) return parseFailure(ZFS_LIST_COMMAND, 'no dataset rows in the output');
		for (const column of ['used', 'avail', 'refer', 'mountpoint']) {
			if (!active.includes(column)) warnings.push(`the output has no ${column} column`);
		}
		return parsed(datasets, warnings);
	});
}
