import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// Ink prints ANSI colours only when forced; keep frames comparable across machines.
		env: {FORCE_COLOR: '0'},
		// A private $XDG_STATE_HOME per test file: never the user's journal or demo homelab.
		setupFiles: ['test/setup-state-dir.ts'],
		testTimeout: 20_000,
		hookTimeout: 60_000,
		// sshd, tmux and network-namespace suites share host resources; files run in parallel
		// but each suite isolates itself (own ports, own namespaces, own tmux socket).
		pool: 'forks',
		// Vitest runs one file at a time on a 2-core machine (its default is cores - 1); most
		// long files wait on sshd, tmux or simulated time rather than the CPU, so two at once
		// keep the suite well inside CI's budget.
		maxWorkers: 2,
	},
});
