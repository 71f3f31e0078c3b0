/** Reading a parser's result in a test: the value when it parsed, a failure naming why when not. */
import type {ParseResult} from '../../source/model/result.js';

export function value<T>(result: ParseResult<T>): T {
	if (!result.ok) throw new Error(`expected ok, got: ${result.error.command}: ${result.error.message}`);
	return result.value;
}
