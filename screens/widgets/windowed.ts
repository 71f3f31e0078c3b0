/** The React side of windowStart: remembers the previous window between renders. */
import {useRef} from 'react';
import {windowStart} from './format.js';

export function useWindowStart(cursor: number, height: number, count: number): number {
	const previous = useRef(0);
	const start = windowStart(previous.current, Math.max(0, cursor), height, count);
	previous.current = start;
	return start;
}
