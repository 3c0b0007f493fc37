// Entry point: n8n loads the package through the `n8n` section of package.json; this file
// exports the same classes for anyone requiring the package directly.
const { n8n } = require('./package.json');

module.exports = Object.assign(
	{},
	...[...n8n.credentials, ...n8n.nodes].map((file) => require(`./${file}`)),
);
