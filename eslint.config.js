// Lint rules for proxdeck: the usual TypeScript and React hooks checks, plus the project's own
// structure rules (engine never renders, small files, no focused or skipped tests).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Ink, React and the screens: what the engine (source/) and the key data never import. */
const NO_UI = {
	regex: '^(ink|ink-[^/]+|react|react-dom)(/|$)|(^|/)screens(/|$)',
	message: 'Only screens/ and source/cli.tsx import Ink, React or screens/; the engine and the key data stay UI-free.',
};

/** A relative import that leaves the folder it is written in. */
function outsideRoom(room) {
	return {group: ['../*'], message: `${room} imports nothing from the other rooms.`};
}

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'test/fixtures/', 'test/golden/']},
	js.configs.recommended,
	tseslint.configs.recommended,
	{
		languageOptions: {globals: globals.node},
		linterOptions: {reportUnusedDisableDirectives: 'error'},
		rules: {
			// Remote text is untrusted: matching control characters (ESC, NUL, C0) is how it is cleaned.
			'no-control-regex': 'off',
			// Dropping a field by destructuring it next to ...rest is the idiom for "all but this".
			'@typescript-eslint/no-unused-vars': ['error', {ignoreRestSiblings: true}],
			// Small modules with one job: a file longer than 400 lines (as wc -l counts) is split.
			'max-lines': ['error', {max: 400, skipBlankLines: false, skipComments: false}],
			// Every test runs: a focused or skipped test would silently shrink the suite.
			// Conditional skips (describe.skipIf(gate.skip)) stay: the gates fail under REQUIRE_E2E.
			'no-restricted-syntax': [
				'error',
				{
					selector:
						'MemberExpression[property.name=/^(only|skip|todo)$/]:matches([object.name=/^(describe|suite|it|test|bench)$/], [object.object.name=/^(describe|suite|it|test|bench)$/])',
					message: 'Every test runs: remove .only / .skip / .todo.',
				},
			],
		},
	},
	{
		// The engine never imports Ink, React or the screens; only the entry point wires them.
		files: ['source/**'],
		ignores: ['source/cli.tsx', 'source/model/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [NO_UI]}]},
	},
	{
		// model/ holds the shared types every room uses, so it imports no other room.
		files: ['source/model/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [NO_UI, outsideRoom('source/model/')]}]},
	},
	{
		// keymaps/ is data plus its resolver: the screens and the engine read it, never the reverse.
		files: ['keymaps/**'],
		rules: {'no-restricted-imports': ['error', {patterns: [NO_UI, outsideRoom('keymaps/')]}]},
	},
	{
		files: ['screens/**', '**/*.tsx'],
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
		},
	},
);
