import {describe, expect, it} from 'vitest';
import {assembleSnapshot, type BridgeCache} from '../../source/host/assemble.js';
import {renderBatch} from '../../source/host/batch.js';
import {BatchOutputSplitter} from '../../source/host/batch-output.js';
import {knownText, parseSections, parseSectionsPaced, type SectionMemo} from '../../source/host/parse-sections.js';
import {connectedName, nodeFacts} from '../../source/host/refresh-nodes.js';
import {hostSections} from '../../source/host/sections.js';
import {SimClock} from '../../source/sim/clock.js';
import {createHomelab} from '../../source/sim/homelab.js';
import {createSimTransport} from '../../source/sim/transport.js';

const START = Date.parse('2025-06-01T12:00:00Z');
const sections = hostSections('');
const noPause = async (): Promise<void> => {};

/** One refresh's batch on the simulated host, split as it arrives (in small pieces, as a channel hands it over). */
async function readBatch(transport: ReturnType<typeof createSimTransport>, memo?: SectionMemo) {
	const batch = renderBatch(sections);
	const splitter = new BatchOutputSplitter(batch.marker, new Set(sections.map((s) => s.id)));
	const pieces: Buffer[] = [];
	await transport.exec(batch.script, {
		sink: {stdout: (chunk) => pieces.push(chunk), stderr: (c) => splitter.stderr(c)},
	});
	const whole = Buffer.concat(pieces);
	for (let at = 0; at < whole.length; at += 4096) splitter.stdout(whole.subarray(at, at + 4096));
	return splitter.result(memo ? knownText(memo) : undefined);
}

function homelab() {
	const clock = new SimClock({start: START});
	const state = createHomelab({now: START, scale: {guests: 120, nodes: 1, dockerHosts: 6}});
	return {clock, transport: createSimTransport({state, clock})};
}

describe('a refresh reuses what did not change', () => {
	it('gives a section that printed the same bytes last refresh’s text and parse, and reads a changed one anew', async () => {
		const {clock, transport} = homelab();
		const memo: SectionMemo = new Map();
		let pauses = 0;
		const pause = async (): Promise<void> => void pauses++;
		const first = await readBatch(transport, memo);
		const firstParse = await parseSectionsPaced(first, sections, memo, pause);
		// Each large section (resources, configs, addresses, bridge ports) parsed on its own turn.
		expect(pauses).toBe(4);
		clock.advance(5000);
		const second = await readBatch(transport, memo);
		const secondParse = await parseSectionsPaced(second, sections, memo, pause);
		// Only the resources changed: one more turn.
		expect(pauses).toBe(5);
		// The network printed the same: the very same string and parsed value, nothing read again.
		expect(second.get('ip-addr')!.stdout).toBe(first.get('ip-addr')!.stdout);
		expect(secondParse.interfaces).toBe(firstParse.interfaces);
		expect(secondParse.bridgePorts).toBe(firstParse.bridgePorts);
		// The guests' metrics moved: read anew.
		expect(second.get('resources')!.stdout).not.toBe(first.get('resources')!.stdout);
		expect(secondParse.guests).not.toBe(firstParse.guests);

		// A guest stops: its ports leave the bridges, and the network is read anew.
		const running = firstParse.guests.find((g) => g.status === 'running' && g.type === 'lxc')!;
		expect(firstParse.bridgePorts!.some((p) => p.ifname.startsWith(`veth${running.vmid}i`))).toBe(true);
		transport.sim.state.guests.find((g) => g.vmid === running.vmid)!.status = 'stopped';
		clock.advance(5000);
		const third = await readBatch(transport, memo);
		const thirdParse = await parseSectionsPaced(third, sections, memo, noPause);
		expect(thirdParse.bridgePorts).not.toBe(firstParse.bridgePorts);
		expect(thirdParse.bridgePorts!.some((p) => p.ifname.startsWith(`veth${running.vmid}i`))).toBe(false);
		await transport.close();
	});

	it('gives the same snapshot as reading every refresh from scratch (bridges included), refresh after refresh', async () => {
		const {clock, transport} = homelab();
		const memo: SectionMemo = new Map();
		const bridgeCache: BridgeCache = new Map();
		const configs = new Map<number, ReturnType<typeof parseSections>['configs'][number]['facts']>();
		const lxcs = transport.sim.state.guests.filter((g) => g.type === 'lxc');
		let reused = 0;
		for (let refresh = 0; refresh < 8; refresh++) {
			// Now and then a guest stops or starts, so the network and the bridges change too.
			if (refresh % 3 === 2) {
				const guest = lxcs[refresh]!;
				guest.status = guest.status === 'running' ? 'stopped' : 'running';
			}
			clock.advance(3000);
			const outputs = await readBatch(transport, memo);
			const kept = await parseSectionsPaced(outputs, sections, memo, noPause);
			const fresh = parseSections(
				new Map([...outputs].map(([id, out]) => [id, {...out, stdout: Buffer.from(out.stdout).toString()}])),
				sections,
			);
			expect(kept).toEqual(fresh);
			// As the collector keeps them: a config read once stays the same value until its version changes.
			for (const c of fresh.configs) if (!configs.has(c.vmid)) configs.set(c.vmid, c.facts);
			const snapshot = (parsed: typeof fresh, cache?: BridgeCache) =>
				assembleSnapshot({
					...parsed,
					context: 'homelab',
					takenAt: new Date(clock.now()).toISOString(),
					configs,
					containers: new Map(),
					readings: [{name: connectedName(parsed), state: 'online', facts: nodeFacts(parsed)}],
					guestTunnels: [],
					errors: parsed.errors,
					...(cache ? {bridgeCache: cache} : {}),
				});
			const before = bridgeCache.get(connectedName(kept))?.bridges;
			const reusedSnapshot = snapshot(kept, bridgeCache);
			if (before && reusedSnapshot.bridges.every((b, i) => b === before[i])) reused++;
			expect(reusedSnapshot).toEqual(snapshot(fresh));
			expect(reusedSnapshot.bridges.some((b) => b.ports.length > 0)).toBe(true);
		}
		// Most refreshes changed only metrics: their bridges were the last ones, not built again.
		expect(reused).toBeGreaterThanOrEqual(4);
		await transport.close();
	});
});
