/**
 * A bounded ring buffer: the logs pane keeps at most `capacity` lines; the oldest go first
 * and are counted, so the pane can say how many it no longer holds. With a weight (a line's
 * length) and a budget, it also holds no more than the budget in all: 5,000 lines of a guest
 * printing 64K-character lines would otherwise be 640 MB.
 */
export interface RingBudget<T> {
	weigh(item: T): number;
	budget: number;
}

export class LogRing<T> {
	private items: (T | undefined)[];
	private start = 0;
	private length = 0;
	private weight = 0;
	/** Items pushed out because the buffer was full, since the last clear. */
	evicted = 0;

	constructor(
		readonly capacity: number,
		private readonly limit?: RingBudget<T>,
	) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('ring capacity must be a positive integer');
		this.items = new Array<T | undefined>(capacity);
	}

	get size(): number {
		return this.length;
	}

	push(item: T): void {
		if (this.length === this.capacity) this.dropOldest();
		this.items[(this.start + this.length) % this.capacity] = item;
		this.length++;
		if (!this.limit) return;
		this.weight += this.limit.weigh(item);
		while (this.weight > this.limit.budget && this.length > 1) this.dropOldest();
	}

	private dropOldest(): void {
		const oldest = this.items[this.start] as T;
		if (this.limit) this.weight -= this.limit.weigh(oldest);
		this.items[this.start] = undefined;
		this.start = (this.start + 1) % this.capacity;
		this.length--;
		this.evicted++;
	}

	pushAll(items: readonly T[]): void {
		for (const item of items) this.push(item);
	}

	/** The i-th oldest item held (0 = oldest). */
	at(index: number): T | undefined {
		if (index < 0 || index >= this.length) return undefined;
		return this.items[(this.start + index) % this.capacity];
	}

	toArray(): T[] {
		const out: T[] = [];
		for (let i = 0; i < this.length; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
		return out;
	}

	clear(): void {
		this.items = new Array<T | undefined>(this.capacity);
		this.start = 0;
		this.length = 0;
		this.weight = 0;
		this.evicted = 0;
	}
}
