/**
 * The guest configs a collector has read, kept between refreshes: the configs script prints
 * only those whose version in .vmlist changed since (so a steady refresh reads none), and a
 * guest gone from .vmlist is forgotten.
 */
import type {GuestConfigFacts} from './assemble.js';
import type {ParsedSections} from './parse-sections.js';
import {knownVersionsArg} from './scripts.js';

export class ConfigCache {
	private readonly configs = new Map<number, {version: number; facts: GuestConfigFacts}>();
	/** The versions argument, built again only when a version changed. */
	private known: string | null = null;
	/** The .vmlist last taken in (the parse is the same array while its text is the same). */
	private absorbed: ParsedSections['vmlist'] = null;

	/** Takes in a refresh's .vmlist and the configs it printed. */
	absorb(parsed: Pick<ParsedSections, 'vmlist' | 'configs'>): void {
		if (!parsed.vmlist) return; // configs section failed: keep what we had
		if (parsed.vmlist === this.absorbed && parsed.configs.length === 0) return;
		this.absorbed = parsed.vmlist;
		const listed = new Map(parsed.vmlist.map((g) => [g.vmid, g.version]));
		for (const vmid of this.configs.keys()) if (!listed.has(vmid)) this.configs.delete(vmid);
		for (const c of parsed.configs) {
			const version = listed.get(c.vmid);
			if (version !== undefined) this.configs.set(c.vmid, {version, facts: c.facts});
		}
		this.known = null;
	}

	get(vmid: number): GuestConfigFacts | undefined {
		return this.configs.get(vmid)?.facts;
	}

	/** The versions already read, as the configs script takes them. */
	knownVersions(): string {
		return (this.known ??= knownVersionsArg(this.configs));
	}
}
