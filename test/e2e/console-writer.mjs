// Loaded with `node --import` (NODE_OPTIONS) by an end-to-end test: once proxdeck has taken
// the screen (the alternate screen is entered), writes to the console as a library or React
// would, to show it never lands on the screen. NODE_OPTIONS reaches npm's own node too: only
// the process that runs proxdeck writes.
if (/(start|proxdeck)\.mjs$/.test(process.argv[1] ?? '')) {
	const write = process.stdout.write.bind(process.stdout);
	let armed = false;
	process.stdout.write = (chunk, ...rest) => {
		if (!armed && String(chunk).includes('\u001B[?1049h')) {
			armed = true;
			setTimeout(() => console.error('Warning: a component wrote to the console'), 2000).unref();
		}
		return write(chunk, ...rest);
	};
}
