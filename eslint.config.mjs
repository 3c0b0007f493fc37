// The rule set n8n's community-package scanner (@n8n/scan-community-package) applies.
// Run with --no-inline-config (see package.json) so that inline disables are ignored, as the scanner does.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tsParser from '@typescript-eslint/parser';
import js from '@eslint/js';
import globals from 'globals';

const credentialRules = { ...n8nNodesBase.configs.credentials.rules };
delete credentialRules['n8n-nodes-base/cred-class-field-documentation-url-miscased'];
delete credentialRules['n8n-nodes-base/cred-class-field-type-options-password-missing'];

const nodeRules = { ...n8nNodesBase.configs.nodes.rules };
delete nodeRules['n8n-nodes-base/node-class-description-inputs-wrong-regular-node'];
delete nodeRules['n8n-nodes-base/node-class-description-outputs-wrong'];
delete nodeRules['n8n-nodes-base/node-param-type-options-max-value-present'];

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**', '.n8n-dev/**'] },
	{
		files: ['package.json', '**/*.ts', '**/*.json'],
		languageOptions: { parser: tsParser },
	},
	{
		files: ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'],
		...n8nCommunityNodesPlugin.configs.recommended,
		rules: { ...n8nCommunityNodesPlugin.configs.recommended.rules, 'no-console': 'error' },
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8nNodesBase.configs.community.rules,
	},
	{
		files: ['**/credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: credentialRules,
	},
	{
		files: ['**/nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: nodeRules,
	},
	// The code that does not ship (tests, benchmarks, scripts, build files): ESLint's recommended rules, with Node's
	// globals; in TypeScript files the rules TypeScript's checker already covers are left to it (npm run lint:tools).
	{
		files: ['scripts/**/*.js', '*.js'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...globals.node } },
		rules: {
			...js.configs.recommended.rules,
			'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
		},
	},
	{
		files: ['test/**/*.ts', 'bench/**/*.ts'],
		...js.configs.recommended,
		languageOptions: { parser: tsParser, globals: { ...globals.node, ...globals.jest } },
		rules: {
			...js.configs.recommended.rules,
			'no-undef': 'off',
			'no-unused-vars': 'off',
			'no-redeclare': 'off',
		},
	},
];
