/**
 * JSON as the host's commands print it: parsed without throwing, objects told apart from
 * arrays and null, and the API's `{"data": ...}` wrapper taken off (pvesh prints the bare value).
 */
import {parseFailure, parsed, type ParseResult} from '../../model/result.js';

export type JsonObject = Record<string, unknown>;

/** JSON.parse that reports instead of throwing. */
export function parseJson(command: string, text: string): ParseResult<unknown> {
	const trimmed = text.trim();
	if (trimmed === '') return parseFailure(command, 'empty output where JSON was expected');
	try {
		return parsed(JSON.parse(trimmed) as unknown);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return parseFailure(command, `output is not JSON: ${reason}`);
	}
}

export function isRecord(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API's `{"data": X}` wrapper around X; anything else is returned as it is. */
export function unwrapApiData(value: unknown): unknown {
	return isRecord(value) && 'data' in value ? value['data'] : value;
}
