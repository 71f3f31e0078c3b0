/**
 * Small typed readers for one field of a parsed JSON object. Each reports into Problems (with
 * the field's path and what it wants) and returns undefined, so one pass finds every problem.
 */
import {fieldPath, type Problems} from './problems.js';

/** Keys that would hold a secret. proxdeck never stores one, so the schema refuses them by name. */
const SECRET_KEYS = new Set(['password', 'passphrase', 'passwd', 'pass', 'secret', 'token', 'apitoken', 'privatekey']);

export function isSecretKey(key: string): boolean {
	return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

export const SECRET_EXPECTED =
	'no secrets here: proxdeck never stores passwords, passphrases or tokens; use ssh-agent or an SSH key (IdentityFile in ~/.ssh/config) and remove this field';

/** Reports every secret-named key anywhere in the tree, without ever echoing its value. */
export function findSecrets(value: unknown, path: string, problems: Problems): void {
	if (Array.isArray(value)) {
		value.forEach((item, i) => findSecrets(item, fieldPath(path, i), problems));
		return;
	}
	if (typeof value !== 'object' || value === null) return;
	for (const [key, child] of Object.entries(value)) {
		if (isSecretKey(key)) problems.add(fieldPath(path, key), SECRET_EXPECTED);
		else findSecrets(child, fieldPath(path, key), problems);
	}
}

/** Unknown keys are refused (a typo such as `readonly` would otherwise be silently ignored). Secret keys are reported by findSecrets. */
export function checkKnownKeys(
	object: Record<string, unknown>,
	path: string,
	known: readonly string[],
	problems: Problems,
): void {
	for (const key of Object.keys(object)) {
		if (known.includes(key) || isSecretKey(key)) continue;
		const twin = known.find((k) => k.toLowerCase() === key.toLowerCase());
		const expected = twin ? `"${twin}" (names are case-sensitive)` : `a known field: ${known.join(', ')}`;
		problems.add(fieldPath(path, key), expected, key);
	}
}

export function readBoolean(
	object: Record<string, unknown>,
	key: string,
	path: string,
	problems: Problems,
): boolean | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (typeof value === 'boolean') return value;
	problems.add(fieldPath(path, key), 'true or false', value);
	return undefined;
}

export interface NumberRule {
	min: number;
	max: number;
	integer?: boolean;
	/** How the rule reads in a message: `seconds from 0.5 to 3600`. */
	expected: string;
}

export function checkNumber(value: unknown, at: string, rule: NumberRule, problems: Problems): number | undefined {
	if (
		typeof value !== 'number' ||
		!Number.isFinite(value) ||
		value < rule.min ||
		value > rule.max ||
		(rule.integer === true && !Number.isInteger(value))
	) {
		problems.add(at, rule.expected, value);
		return undefined;
	}
	return value;
}

export function readNumber(
	object: Record<string, unknown>,
	key: string,
	path: string,
	rule: NumberRule,
	problems: Problems,
): number | undefined {
	const value = object[key];
	return value === undefined ? undefined : checkNumber(value, fieldPath(path, key), rule, problems);
}

export function readString(
	object: Record<string, unknown>,
	key: string,
	path: string,
	expected: string,
	problems: Problems,
	test?: (s: string) => boolean,
): string | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || (test !== undefined && !test(value))) {
		problems.add(fieldPath(path, key), expected, value);
		return undefined;
	}
	return value;
}

export function readEnum<T extends string>(
	object: Record<string, unknown>,
	key: string,
	path: string,
	allowed: readonly T[],
	problems: Problems,
): T | undefined {
	const value = object[key];
	if (value === undefined) return undefined;
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
	problems.add(fieldPath(path, key), `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, value);
	return undefined;
}

export const VMID_RULE: NumberRule = {
	min: 100,
	max: 999_999_999,
	integer: true,
	expected: 'a VMID, a whole number from 100 to 999999999',
};
export const PERCENT_RULE: NumberRule = {min: 1, max: 100, expected: 'a percentage from 1 to 100'};
export const SECONDS_RULE: NumberRule = {min: 0.5, max: 3600, expected: 'seconds from 0.5 to 3600'};
