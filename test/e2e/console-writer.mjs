// Loaded with `node --import` (NODE_OPTIONS) by an end-to-end test: writes to the console
// while proxdeck draws, as a library or React would, to show it never lands on the screen.
// NODE_OPTIONS reaches npm's own node too: only the process that runs proxdeck writes.
if (/(start|proxdeck)\.mjs$/.test(process.argv[1] ?? ''))
	setTimeout(() => console.error('Warning: a component wrote to the console'), 3000).unref();
