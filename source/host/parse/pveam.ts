/**
 * `pveam list <storage>` (`NAME SIZE` with volids like `local:vztmpl/x.tar.gz  219.95MB`) and
 * `pveam available [--section s]` (`section  template-file`).
 */
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {parseHumanSize} from './units.js';

export const PVEAM_LIST_COMMAND = 'pveam list';
export const PVEAM_AVAILABLE_COMMAND = 'pveam available';

export interface PveamTemplate {
	/** Volume id: `local:vztmpl/debian-10.0-standard_10.0-1_amd64.tar.gz`. */
	volid: string;
	/** File name part of the volid. */
	file: string;
	/** Bytes, or null when the size column is missing or unreadable. */
	size: number | null;
}

export interface PveamAvailable {
	section: string;
	template: string;
}

export function parsePveamList(text: string): ParseResult<PveamTemplate[]> {
	return guardParse(PVEAM_LIST_COMMAND, () => {
		const templates: PveamTemplate[] = [];
		const warnings: string[] = [];
		let sawAnything = false;
		for (const [index, line] of text.split(/\r?\n/).entries()) {
			if (line.trim() === '') continue;
			if (/^\s*NAME\s+SIZE\s*$/i.test(line)) {
				sawAnything = true;
				continue;
			}
			const [volid, size] = line.trim().split(/\s+/);
			if (!volid || !/^[A-Za-z0-9][\w.-]*:/.test(volid)) {
				warnings.push(`line ${index + 1} is not a template row: ${line.trim().slice(0, 80)}`);
				continue;
			}
			sawAnything = true;
			templates.push({volid, file: volid.slice(volid.lastIndexOf('/') + 1) || volid, size: parseHumanSize(size ?? '')});
		}
		if (!sawAnything && text.trim() !== '') return parseFailure(PVEAM_LIST_COMMAND, 'no template rows in the output');
		if (text.trim() === '') return parseFailure(PVEAM_LIST_COMMAND, 'empty output');
		return parsed(templates, warnings);
	});
}

export function parsePveamAvailable(text: string): ParseResult<PveamAvailable[]> {
	return guardParse(PVEAM_AVAILABLE_COMMAND, () => {
		const rows: PveamAvailable[] = [];
		const warnings: string[] = [];
		for (const [index, line] of text.split(/\r?\n/).entries()) {
			if (line.trim() === '') continue;
			const match = /^\s*([a-z0-9_-]+)\s+(\S+\.(?:tar\.(?:gz|xz|zst)|tgz|tar))\s*$/i.exec(line);
			if (!match) {
				warnings.push(`line ${index + 1} is not a template row: ${line.trim().slice(0, 80)}`);
				continue;
			}
			rows.push({section: match[1] ?? '', template: match[2] ?? ''});
		}
		if (rows.length === 0) return parseFailure(PVEAM_AVAILABLE_COMMAND, 'no template rows in the output');
		return parsed(rows, warnings);
	});
}
