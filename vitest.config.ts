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
	},
});
