// @ts-check
// Jest resolves `./engine.cjs` written in a .cts test to its source, `./engine.cts`, when there is one (as TypeScript
// does); every other request, those inside node_modules included, resolves as usual.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** @param {string} request @param {{ basedir: string; defaultResolver: (request: string, options: object) => string }} options */
module.exports = (request, options) => {
	if (/^\.{1,2}\//.test(request) && request.endsWith('.cjs')) {
		const source = request.replace(/\.cjs$/, '.cts');
		if (fs.existsSync(path.resolve(options.basedir, source))) {
			return options.defaultResolver(source, options);
		}
	}
	return options.defaultResolver(request, options);
};
