// The rule set n8n's community-package scanner (@n8n/scan-community-package) applies.
// Run with --no-inline-config (see package.json) so that inline disables are ignored, as the scanner does.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tsParser from '@typescript-eslint/parser';

const credentialRules = { ...n8nNodesBase.configs.credentials.rules };
delete credentialRules['n8n-nodes-base/cred-class-field-documentation-url-miscased'];
delete credentialRules['n8n-nodes-base/cred-class-field-type-options-password-missing'];

const nodeRules = { ...n8nNodesBase.configs.nodes.rules };
delete nodeRules['n8n-nodes-base/node-class-description-inputs-wrong-regular-node'];
delete nodeRules['n8n-nodes-base/node-class-description-outputs-wrong'];
delete nodeRules['n8n-nodes-base/node-param-type-options-max-value-present'];

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'scripts/**', '.cache/**'] },
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
];
