#!/usr/bin/env node
/**
 * `npm start` and `npm run proxdeck`: run dist/proxdeck.mjs the way the installed `proxdeck`
 * runs it (with its shebang's node flags), after rebuilding it when any file it was built
 * from changed (scripts/bundle.mjs). Running the bundle rather than the TypeScript through
 * tsx is what brings the first frame from seconds down to a few hundred milliseconds.
 * Nothing is printed on stdout, so `npm start -s -- --once --json` stays clean JSON.
 *
 * package.json starts this file with the same flags, so the bundle runs in this process;
 * started any other way, it runs the bundle in a child node that has them.
 */
import {spawn} from 'node:child_process';
import process from 'node:process';
import {pathToFileURL} from 'node:url';
import {BUNDLE, buildBundle, bundleIsFresh} from './bundle.mjs';
import {shebangFlags} from './shebang-flags.mjs';

if (!bundleIsFresh()) {
	process.stderr.write('proxdeck: building dist/proxdeck.mjs (sources changed since the last build)…\n');
	try {
		await buildBundle();
	} catch {
		// esbuild has printed each error with its file and line.
		process.stderr.write(
			'proxdeck: the build failed (the errors are above); `npm run dev` runs the sources through tsx instead\n',
		);
		process.exit(1);
	}
}

const flags = shebangFlags(BUNDLE);
if (flags.every((flag) => process.execArgv.includes(flag))) {
	// The bundle reads process.argv.slice(2), which holds the same arguments here.
	await import(pathToFileURL(BUNDLE).href);
} else {
	const child = spawn(process.execPath, [...flags, BUNDLE, ...process.argv.slice(2)], {stdio: 'inherit'});
	// Ctrl-C and Ctrl-\ reach the whole foreground process group, so proxdeck gets them from
	// the terminal itself; this launcher only waits for it. A signal sent to the launcher
	// alone (kill, a closing terminal) is passed on.
	process.on('SIGINT', () => {});
	process.on('SIGQUIT', () => {});
	for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
	child.on('error', (error) => {
		process.stderr.write(`proxdeck: cannot start ${BUNDLE}: ${error.message}\n`);
		process.exitCode = 1;
	});
	child.on('exit', (code, signal) => {
		if (signal) {
			process.removeAllListeners(signal);
			process.kill(process.pid, signal);
			return;
		}
		process.exitCode = code ?? 1;
	});
}
