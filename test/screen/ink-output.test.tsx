/**
 * Ink's output as patched (patches/ink+6.8.0.patch, output.js): every write is first turned
 * into the strings it puts on each row, a row of side-by-side writes is then joined as
 * strings, and a line that fits its clip is not sliced. Each shortcut must draw exactly what
 * Ink draws cell by cell. The cases below change what is around text that React did not
 * render again (a memoised row): its words (from a child that rendered on its own), its
 * place, its transform and its clip; they also overlap two writes (the cell-by-cell path)
 * and put wide characters beside narrow ones.
 */
import React, {memo, useState} from 'react';
import {Box, Text, Transform, render} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {FakeStdin, FakeStdout} from './harness.js';

let unmount: (() => void) | null = null;
afterEach(() => {
	unmount?.();
	unmount = null;
});

const settle = async (): Promise<void> => {
	for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Renders `view(props)` at 30×6 (Ink's debug mode: every frame is written whole). New props
 * go through React state, as the console's own updates do: Ink's rerender() would render every
 * text again (it hands its contexts new values), and nothing would be left to reuse.
 */
async function draw<P>(
	view: (props: P) => React.ReactElement,
	initial: P,
): Promise<{frame: () => string; update: (next: P) => Promise<string>}> {
	let setProps: (next: P) => void = () => {};
	const Root = () => {
		const [props, set] = useState(initial);
		setProps = set;
		return view(props);
	};
	const stdout = new FakeStdout(30, 6);
	const instance = render(<Root />, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
		stderr: new FakeStdout(30, 6) as unknown as NodeJS.WriteStream,
		debug: true,
		patchConsole: false,
	});
	unmount = () => {
		instance.unmount();
		instance.cleanup();
	};
	await settle();
	const frame = (): string => stdout.frames.at(-1) ?? '';
	return {
		frame,
		async update(next) {
			setProps(next);
			await settle();
			return frame();
		},
	};
}

/** A label that React renders once: its props never change. */
const Label = memo(({text}: {text: string}) => <Text>{text}</Text>);

describe('Ink output shortcuts draw what Ink would', () => {
	it('shows new words from a child that rendered on its own inside an unchanged text', async () => {
		let setValue: (value: string) => void = () => {};
		const Value = () => {
			const [value, set] = useState('12%');
			setValue = set;
			return <Text>{value}</Text>;
		};
		const Line = memo(() => (
			<Text>
				cpu <Value />
			</Text>
		));
		const screen = await draw(() => <Line />, {});
		expect(screen.frame()).toBe('cpu 12%');
		setValue('13%');
		await settle();
		expect(screen.frame()).toBe('cpu 13%');
	});

	it('moves unchanged text to its new row and column', async () => {
		const Layout = ({before, above}: {before: string; above: number}) => (
			<Box flexDirection="column">
				{above > 0 ? <Text>{'-\n'.repeat(above).trimEnd()}</Text> : null}
				<Box>
					<Text>{before}</Text>
					<Label text="12%" />
				</Box>
			</Box>
		);
		const screen = await draw(Layout, {before: 'cpu ', above: 0});
		expect(screen.frame()).toBe('cpu 12%');
		expect(await screen.update({before: 'memory ', above: 0})).toBe('memory 12%');
		expect(await screen.update({before: 'memory ', above: 2})).toBe('-\n-\nmemory 12%');
	});

	it('applies a changed transform to unchanged text', async () => {
		const shout = (line: string) => line.toUpperCase();
		const whisper = (line: string) => line.toLowerCase();
		const Shown = ({transform}: {transform: (line: string) => string}) => (
			<Transform transform={transform}>
				<Label text="Guests" />
			</Transform>
		);
		const screen = await draw(Shown, {transform: shout});
		expect(screen.frame()).toBe('GUESTS');
		expect(await screen.update({transform: whisper})).toBe('guests');
	});

	it('cuts unchanged text to a clip that shrank, and shows it whole when it fits again', async () => {
		const Clipped = ({width}: {width: number}) => (
			<Box width={width} overflow="hidden">
				<Box width={10} flexShrink={0}>
					<Label text="abcdefghij" />
				</Box>
			</Box>
		);
		const screen = await draw(Clipped, {width: 20});
		expect(screen.frame()).toBe('abcdefghij');
		expect(await screen.update({width: 4})).toBe('abcd');
		expect(await screen.update({width: 20})).toBe('abcdefghij');
	});

	it('draws the later of two overlapping writes on top', async () => {
		const Overlap = ({top}: {top: string}) => (
			<Box width={20} height={1}>
				<Label text="aaaaaaaaaa" />
				<Box position="absolute" marginLeft={3}>
					<Text>{top}</Text>
				</Box>
			</Box>
		);
		const screen = await draw(Overlap, {top: 'XY'});
		expect(screen.frame()).toBe('aaaXYaaaaa');
		expect(await screen.update({top: 'Z'})).toBe('aaaZaaaaaa');
	});

	it('keeps wide characters in their columns', async () => {
		const screen = await draw(
			() => (
				<Box>
					<Label text="日本" />
					<Box marginLeft={2}>
						<Text>ok</Text>
					</Box>
				</Box>
			),
			{},
		);
		expect(screen.frame()).toBe('日本  ok');
	});
});
