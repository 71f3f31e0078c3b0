/**
 * The config's `safety` section: the snapshot before a change (default on), how often the
 * backup audit reads the host (it costs a few `pvesh` runs and a look at each backup storage),
 * and the tags that leave a guest out of backups on purpose.
 */
import {checkKnownKeys, readBoolean, readNumber} from './fields.js';
import type {Problems} from './problems.js';
import {isPlainObject} from './upgrade.js';

export interface SafetyConfig {
	snapshotBeforeChange: boolean;
	auditIntervalSeconds: number;
	skipBackupTags: string[];
}

export function defaultSafety(): SafetyConfig {
	return {snapshotBeforeChange: true, auditIntervalSeconds: 300, skipBackupTags: ['nobackup', 'no-backup']};
}

const TAG = /^[a-z0-9_][a-z0-9_\-+.]*$/i;

export function checkSafety(value: unknown, problems: Problems): SafetyConfig {
	const defaults = defaultSafety();
	if (value === undefined) return defaults;
	if (!isPlainObject(value)) {
		problems.add('safety', 'an object such as {"snapshotBeforeChange": true, "auditIntervalSeconds": 300}', value);
		return defaults;
	}
	checkKnownKeys(value, 'safety', ['snapshotBeforeChange', 'auditIntervalSeconds', 'skipBackupTags'], problems);
	const tags = value['skipBackupTags'];
	let skipBackupTags = defaults.skipBackupTags;
	if (tags !== undefined) {
		if (Array.isArray(tags) && tags.every((t) => typeof t === 'string' && TAG.test(t)))
			skipBackupTags = tags as string[];
		else problems.add('safety.skipBackupTags', 'a list of Proxmox tags (letters, digits and - _ + .)', tags);
	}
	return {
		snapshotBeforeChange:
			readBoolean(value, 'snapshotBeforeChange', 'safety', problems) ?? defaults.snapshotBeforeChange,
		auditIntervalSeconds:
			readNumber(
				value,
				'auditIntervalSeconds',
				'safety',
				{min: 30, max: 86_400, expected: 'seconds from 30 to 86400'},
				problems,
			) ?? defaults.auditIntervalSeconds,
		skipBackupTags,
	};
}
