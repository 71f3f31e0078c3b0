/** Builds a store for screen tests, loaded with the sample homelab (or a given snapshot). */
import {createAppStore} from '../../source/store/app-store.js';
import type {Snapshot} from '../../source/model/snapshot.js';
import type {AppStore} from '../../source/store/types.js';
import {sampleSnapshot} from '../helpers/sample-snapshot.js';
import {fakeCollector, fakeTransport, type FakeTransport, type FakeCollector} from './fakes.js';

export function loadedStore(
	snapshot: Snapshot = sampleSnapshot(),
	options: {readOnly?: boolean} = {},
): {store: AppStore; transport: FakeTransport; collector: FakeCollector} {
	const collector = fakeCollector(() => snapshot);
	const transport = fakeTransport();
	const store = createAppStore({
		collector,
		transport,
		context: 'demo',
		host: 'root@pve:22',
		readOnly: options.readOnly ?? false,
	});
	store.getState().setSnapshot(snapshot);
	store.setState({refresh: {...store.getState().refresh, lastOkAt: Date.now()}});
	return {store, transport, collector};
}
