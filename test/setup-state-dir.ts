/**
 * Every test file gets a state directory of its own ($XDG_STATE_HOME, inherited by every
 * process a test starts): the action journal and the demo's saved homelab never go to the
 * user's ~/.local/state/proxdeck, and test files running side by side never share a demo.
 * Tests that chain demo commands set their own directory per test as well. The directory is
 * made by whatever first writes there, so listing the tests (`vitest list`) leaves nothing.
 */
import {randomBytes} from 'node:crypto';
import {rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll} from 'vitest';

const dir = join(tmpdir(), `proxdeck-test-state-${process.pid}-${randomBytes(4).toString('hex')}`);
process.env['XDG_STATE_HOME'] = dir;
afterAll(() => {
	try {
		rmSync(dir, {recursive: true, force: true});
	} catch {
		// a process a test started may still be writing there; the system's tmp cleaning takes it
	}
});
