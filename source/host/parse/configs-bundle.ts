/**
 * Output of the `pd_configs` shell function (source/host/scripts.ts): files one after another,
 * each behind a `\x1ePDFILE <path>` line, the .vmlist first. Configs are returned as raw text;
 * the caller parses the ones it needs with parseGuestConfig.
 */
import type {GuestType} from '../../model/snapshot.js';
import {guardParse, parseFailure, parsed, type ParseResult} from '../../model/result.js';
import {FILE_MARK, CONFIGS_FUNCTION} from '../scripts.js';
import {toInteger} from './units.js';
import {parseVmlist, type Vmlist} from './vmlist.js';

export const CONFIGS_COMMAND = CONFIGS_FUNCTION;

export interface BundledConfig {
	vmid: number;
	node: string;
	type: GuestType;
	text: string;
}

export interface ConfigsBundle {
	/** Null when the bundle had no readable .vmlist (the warnings say why). */
	vmlist: Vmlist | null;
	configs: BundledConfig[];
}

const CONFIG_PATH_TAIL = /\/nodes\/([^/]+)\/(lxc|qemu-server)\/([0-9]+)\.conf$/;

export function parseConfigsBundle(text: string): ParseResult<ConfigsBundle> {
	return guardParse(CONFIGS_COMMAND, () => {
		const files = splitFiles(text);
		if (files.length === 0) return parseFailure(CONFIGS_COMMAND, 'no file markers in the output');
		const bundle: ConfigsBundle = {vmlist: null, configs: []};
		const warnings: string[] = [];
		for (const file of files) {
			if (file.path.endsWith('/.vmlist') || file.path === '.vmlist') {
				const vmlist = parseVmlist(file.text);
				if (vmlist.ok) bundle.vmlist = vmlist.value;
				else warnings.push(`.vmlist: ${vmlist.error.message}`);
				continue;
			}
			const tail = CONFIG_PATH_TAIL.exec(file.path);
			const vmid = toInteger(tail?.[3]);
			if (!tail || vmid === null) {
				warnings.push(`unexpected file in the bundle: ${file.path}`);
				continue;
			}
			bundle.configs.push({
				vmid,
				node: tail[1] ?? '',
				type: tail[2] === 'lxc' ? 'lxc' : 'qemu',
				text: file.text,
			});
		}
		return parsed(bundle, warnings);
	});
}

interface BundledFile {
	path: string;
	text: string;
}

function splitFiles(text: string): BundledFile[] {
	const files: BundledFile[] = [];
	let current: {path: string; lines: string[]} | null = null;
	const flush = (): void => {
		if (current)
			files.push({path: current.path, text: current.lines.join('\n') + (current.lines.length > 0 ? '\n' : '')});
	};
	// Text before the first marker (a stray warning from sudo or awk) is not part of any file.
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	for (const line of lines) {
		if (line.startsWith(FILE_MARK)) {
			flush();
			current = {path: line.slice(FILE_MARK.length).trim(), lines: []};
		} else if (current) {
			current.lines.push(line);
		}
	}
	flush();
	return files;
}
