/**
 * Turns what Ink 6.8's useInput reports into one key name the registry understands, and
 * smooths over its quirks: Backspace arrives as `delete`,
 * Escape also sets `meta`, and Shift+F-keys leak text such as `[1;2P`.
 */

/** The subset of Ink's `Key` the router reads (kept structural so tests need no Ink). */
export interface InkKey {
	upArrow?: boolean;
	downArrow?: boolean;
	leftArrow?: boolean;
	rightArrow?: boolean;
	pageDown?: boolean;
	pageUp?: boolean;
	home?: boolean;
	end?: boolean;
	return?: boolean;
	escape?: boolean;
	ctrl?: boolean;
	shift?: boolean;
	tab?: boolean;
	backspace?: boolean;
	delete?: boolean;
	meta?: boolean;
}

/** The normalised key name, or null for input to ignore. */
export function normalizeKey(input: string, key: InkKey): string | null {
	// Escape first: Ink 6.8 sets meta on it too.
	if (key.escape) return 'esc';
	if (key.backspace || key.delete) return 'backspace';
	if (key.return) return 'enter';
	if (key.tab) return key.shift ? 'shift+tab' : 'tab';
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	// Unparsed escape sequences (Shift+F1 gives "[1;2P"): never a command.
	if (input.length > 1 && input.startsWith('[')) return null;
	if (key.ctrl) return input ? `ctrl+${input.toLowerCase()}` : null;
	if (key.meta) return input ? `alt+${input}` : null;
	if (input === ' ') return 'space';
	if (input.length === 1 && input >= ' ') return input;
	return null;
}

/** How a key name is written for people (footer, help). */
export function displayKey(name: string): string {
	if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
	if (name.startsWith('alt+')) return `Alt-${name.slice(4)}`;
	switch (name) {
		case 'up':
			return '↑';
		case 'down':
			return '↓';
		case 'left':
			return '←';
		case 'right':
			return '→';
		case 'enter':
			return 'Enter';
		case 'esc':
			return 'Esc';
		case 'backspace':
			return 'Bksp';
		case 'tab':
			return 'Tab';
		case 'shift+tab':
			return 'S-Tab';
		case 'space':
			return 'Space';
		case 'pageup':
			return 'PgUp';
		case 'pagedown':
			return 'PgDn';
		case 'home':
			return 'Home';
		case 'end':
			return 'End';
		default:
			return name;
	}
}

/** ASCII spelling of displayKey, for terminals without Unicode arrows. */
export function displayKeyAscii(name: string): string {
	switch (name) {
		case 'up':
			return 'Up';
		case 'down':
			return 'Down';
		case 'left':
			return 'Left';
		case 'right':
			return 'Right';
		default:
			return displayKey(name);
	}
}

/** Keys that move the cursor or scroll: never allowed on a dangerous action. */
export const MOTION_KEYS: ReadonlySet<string> = new Set([
	'up',
	'down',
	'left',
	'right',
	'pageup',
	'pagedown',
	'home',
	'end',
	'j',
	'k',
	'h',
	'l',
	'g',
	'G',
	'tab',
	'shift+tab',
]);
