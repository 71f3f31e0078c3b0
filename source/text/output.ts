/**
 * Writing to stdout and stderr outside the console: every line and every JSON document goes
 * through the sanitiser on its way out, so a guest's text cannot act on the terminal that
 * reads a pipe, a cron mail or `jq -r` output either.
 */
import {visibleJson, visibleText} from './visible.js';

export interface TextSink {
	write(text: string): unknown;
}

/** One line of output; a newline inside it is shown as `^J`, never starts another line. */
export function writeLine(sink: TextSink, line: string): void {
	sink.write(`${visibleText(line)}\n`);
}

/**
 * `proxdeck: <message>` on stderr. A message may run to several lines (a config file's
 * problems, one per field), so newlines stay; every other control is shown.
 */
export function writeError(sink: TextSink, message: string): void {
	sink.write(`proxdeck: ${visibleText(message, {newlines: true})}\n`);
}

export function writeJson(sink: TextSink, value: unknown): void {
	sink.write(visibleJson(value));
}
