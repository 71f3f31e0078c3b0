/**
 * The time a screen shows things against (an age, a countdown), ticking on its own only as
 * often as something on screen counts.
 */
import {useEffect, useState} from 'react';

export function useNow(intervalMs: number): number {
	const [now, setNow] = useState(() => Date.now());
	useEffect(() => {
		const timer = setInterval(() => setNow(Date.now()), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs]);
	return now;
}

/** How often the header redraws on its own: every second while it counts, else rarely. */
export function headerTickMs(failing: boolean, connection: string): number {
	return failing || connection !== 'connected' ? 1000 : 10_000;
}
