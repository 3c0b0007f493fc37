// @ts-check
// The e2e specs in the order that finishes soonest on two workers: those that mostly wait for n8n's minute polls
// first (side by side), the rest after them; the matrix's specs keep the same order.
'use strict';
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['leadResults', 'durablePoller', 'dev', 'editor'];
const rank = (/** @type {string} */ file) => {
	const index = FIRST.indexOf(path.basename(file, '.e2e.cjs'));
	return index === -1 ? FIRST.length : index;
};

module.exports = class E2eSequencer extends Sequencer {
	/** @param {Array<import('@jest/test-result').Test>} tests */
	sort(tests) {
		return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
	}
};
