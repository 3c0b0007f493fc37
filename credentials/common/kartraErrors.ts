/**
 * Kartra's error types (its answers are HTTP 200 with `status: "Error"`, a message and a numeric `type`), with
 * what the user can do about each. Kartra's own message always comes first in the node's error. The one list of
 * them: the credential's test reads the authentication ones from here.
 */
export interface KartraErrorType {
	hint: string;
	/** The credential is wrong, or the account or app cannot be used */
	auth?: true;
	/** Kartra's words for it, for the credential test (which sees only the answer's type) */
	words?: string;
}

export const KARTRA_ERRORS: Record<string, KartraErrorType> = {
	'201': { hint: 'Kartra only accepts HTTPS: check the base URL.', auth: true },
	'202': {
		hint: 'Enter the API key in the credential.',
		auth: true,
		words: 'API key cannot be empty',
	},
	'203': {
		hint: 'The API key is wrong: copy it again from Kartra (My Integrations → My API).',
		auth: true,
		words: 'API key not valid',
	},
	'204': {
		hint: "The Kartra account's API access is inactive.",
		auth: true,
		words: 'API account inactive',
	},
	'206': { hint: "Give the lead's email or ID." },
	'207': { hint: 'Choose a list.' },
	'208': { hint: 'Choose a list.' },
	'209': { hint: 'The list does not exist in this Kartra account: check its name.' },
	'211': { hint: 'Choose a tag.' },
	'212': {
		hint: 'The tag does not exist in this Kartra account: create it in Kartra first, or check its name.',
	},
	'213': { hint: 'Choose a tag.' },
	'214': { hint: 'The tag does not exist in this Kartra account: check its name.' },
	'215': { hint: 'Give the number of points.' },
	'217': { hint: 'Give the number of points.' },
	'219': { hint: 'The sequence does not exist in this Kartra account: check its name.' },
	'220': { hint: 'The sequence does not exist in this Kartra account: check its name.' },
	'223': { hint: 'The lead data was not sent as expected (a bug in this node: please report it).' },
	'224': { hint: 'The actions were not sent as expected (a bug in this node: please report it).' },
	'225': { hint: 'Give the sequence step.' },
	'226': { hint: 'Choose a sequence.' },
	'227': { hint: 'Points must be a number.' },
	'228': { hint: 'Points must be a number.' },
	'229': { hint: 'The sequence step must be letters or digits.' },
	'230': { hint: "The sequence has no such step: use the step's box number." },
	'231': { hint: 'The list does not exist in this Kartra account: check its name.' },
	'233': {
		hint: 'The API password is wrong: copy it again from Kartra (My Integrations → My API).',
		auth: true,
		words: 'API password not valid',
	},
	'234': { hint: 'No lead with this email exists in Kartra.' },
	'236': {
		hint: 'The lead look-up was not sent as expected (a bug in this node: please report it).',
	},
	'238': {
		hint: 'Enter the app ID in the credential.',
		auth: true,
		words: 'App ID cannot be empty',
	},
	'239': {
		hint: 'The app ID is wrong, or the app is inactive: check it in Kartra (My Integrations → Developers).',
		auth: true,
		words: 'App ID is not valid: the app does not exist or is inactive',
	},
	'240': { hint: "The app's account is inactive.", auth: true, words: 'App account inactive' },
	'242': {
		hint: "Kartra only accepts this app's calls from allowed IP addresses: add your n8n server's address to the app.",
		auth: true,
		words: 'This API call was sent from an unauthorized IP',
	},
	'243': { hint: 'No lead with this email or ID exists in Kartra.' },
	'244': { hint: 'A lead with this email already exists: use Update or Create or Update instead.' },
	'245': { hint: 'The lead was deleted in Kartra.' },
	'254': { hint: 'No command was sent (a bug in this node: please report it).' },
	'255': { hint: 'Choose a calendar.' },
	'256': { hint: 'Choose a calendar class.' },
	'257': { hint: 'The calendar does not exist or is not completed in Kartra: check its name.' },
	'258': { hint: 'The class does not exist or does not belong to that calendar: check its name.' },
	'259': {
		hint: 'The lead has no active or pending subscription to this class: there is nothing to cancel.',
	},
	'260': { hint: 'The start date must be like 16 Jan 2026 and the hour like 15:00.' },
	'261': {
		hint: 'The start date and hour are in the past (Kartra reads them in US Eastern time).',
	},
	'262': {
		hint: "The app lacks permission for this command: enable it in the app's settings in Kartra.",
		auth: true,
		words: 'The app lacks permission for this command',
	},
	'263': { hint: "Check the custom field's identifier." },
	'264': { hint: "Check the custom field's type." },
	'265': { hint: "Check the custom field's options." },
	'269': { hint: 'A custom field with this identifier already exists.' },
	'270': { hint: "Check the custom field's options." },
	'271': {
		hint: 'A custom field value has the wrong format: text for text fields, an option for drop-downs and radios, options for checkboxes.',
	},
	'272': { hint: "Check the custom field's options." },
	'273': { hint: "Check the custom field's options." },
	'247': { hint: 'No transaction with this ID exists in this Kartra account.' },
	'248': { hint: 'No subscription with this ID exists in this Kartra account.' },
	'249': { hint: 'This transaction belongs to no recurring subscription: refund it instead.' },
	'250': {
		hint: 'The refund period of this transaction is over: refund it from your payment processor.',
	},
	'251': {
		hint: 'Kartra already refunded this transaction (a refund sent twice is refused, never paid twice).',
	},
	'252': { hint: 'The subscription is already cancelled.' },
	'253': { hint: 'Only sales and rebills can be refunded or cancelled; test transactions cannot.' },
	'266': {
		hint: 'Kartra or the payment processor could not refund it: check the transaction in Kartra before trying again.',
	},
	'267': {
		hint: 'Kartra or the payment processor could not cancel it: check the subscription in Kartra before trying again.',
	},
	'268': { hint: 'The amount must be a number with up to two decimals.' },
	'274': { hint: 'The status change must be pause, unpause (reactivate) or cancel.' },
	'275': { hint: 'Cancelled or terminated subscriptions cannot be changed.' },
	'276': { hint: 'Quantity must be between 1 and 9,999.' },
	'277': { hint: 'The amount must be between 1.00 and 9,999.99.' },
	'278': { hint: 'A number field holds something that is not a number.' },
	'280': {
		hint: 'That recurring period does not fit the price point (see the Recurring Period options).',
	},
	'281': { hint: "This price point's recurrence cannot be changed." },
	'282': {
		hint: 'Installments left must be a whole number, or "until cancelled" for recurring price points.',
	},
	'283': { hint: 'No such product, or no such price point of it: check both.' },
	'284': { hint: 'PayPal subscriptions can only be cancelled: PayPal manages them.' },
	'285': { hint: 'Give at least one setting to change.' },
	'290': { hint: 'Tax must be between 0 and 100.' },
};

/** Error types that mean the credential is wrong or the account/app cannot be used. */
export const KARTRA_AUTH_ERRORS = new Set(
	Object.keys(KARTRA_ERRORS).filter((type) => KARTRA_ERRORS[type].auth),
);
