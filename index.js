// Entry point: n8n loads the package through the `n8n` section of package.json; this file
// exports the same classes for anyone requiring the package directly.
module.exports = {
	...require('./dist/credentials/ConvertrPublisherApi.credentials'),
	...require('./dist/credentials/ConvertrTriggerApi.credentials'),
	...require('./dist/nodes/Convertr/ConvertrPublisher.node'),
	...require('./dist/nodes/Convertr/ConvertrTrigger.node'),
};
