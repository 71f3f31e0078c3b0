/** Exit codes, as the README and `proxdeck --help` promise them to scripts and cron. */
export const EXIT = {
	ok: 0,
	error: 1,
	usage: 2,
	healthFailed: 3,
} as const;
