// The code that never ships: tests and fakes (test/, CommonJS TypeScript, .cts), the benchmark (bench/), the scripts
// and the build files. `npm run lint:tools` runs it. The shipped code (nodes/, credentials/, package.json) is linted
// by n8n's own configuration, eslint.config.mjs, kept exactly as n8n's node CLI writes it (strict mode), by
// `npm run lint`. n8n's rules for shipped code (no Node built-ins, no timers, no `process`) do not fit a fake HTTP
// server; these do: ESLint's and typescript-eslint's recommended rules, with Node's globals.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', '.n8n-dev/**'] },
	{
		files: ['scripts/**/*.js', 'bench/**/*.js', '*.js', 'test/**/*.cjs'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...globals.node } },
		rules: {
			...js.configs.recommended.rules,
			'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
		},
	},
	// the end-to-end specs: checked JavaScript run by jest (jest.e2e.config.js)
	{
		files: ['test/e2e/**/*.cjs'],
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
	},
	{
		files: ['test/**/*.cts', 'bench/**/*.cts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node, ...globals.jest } },
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
			],
			// the parity tests load Convert's published SDK, and the release test the package's files, by require
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
);
