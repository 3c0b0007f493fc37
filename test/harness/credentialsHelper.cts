import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';

/** Resolves `={{$credentials.name}}` templates the way n8n does for the simple cases credentials use. */
export function resolveCredentialTemplate(
	template: unknown,
	credentials: ICredentialDataDecryptedObject,
): unknown {
	if (typeof template !== 'string' || !template.startsWith('=')) return template;
	const body = template.slice(1);
	const whole = /^\{\{\s*\$credentials\.(\w+)\s*\}\}$/.exec(body);
	if (whole) return credentials[whole[1]];
	return body.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, name: string) =>
		String(credentials[name] ?? ''),
	);
}

function resolveDeep(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value === 'string') return resolveCredentialTemplate(value, credentials);
	if (Array.isArray(value)) return value.map((v) => resolveDeep(v, credentials));
	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, resolveDeep(v, credentials)]),
		);
	}
	return value;
}

/**
 * A credentials store and helper that behaves as n8n's CLI one does: defaults applied on decrypt,
 * `authenticate` applied (generic blocks or functions), `preAuthentication` run when the expirable field is
 * empty or the request got a 401, and the refreshed data written back to the store.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly store = new Map<string, { type: string; data: ICredentialDataDecryptedObject }>();
	preAuthenticationRuns = 0;
	updates = 0;

	constructor(private readonly types: Record<string, ICredentialType>) {
		super();
	}

	add(id: string, type: string, data: ICredentialDataDecryptedObject): INodeCredentialsDetails {
		this.store.set(id, { type, data: { ...data } });
		return { id, name: `${type} ${id}` };
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = type?.authenticate;
		if (authenticate === undefined) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		const props = resolveDeep(authenticate.properties, credentials) as Record<
			string,
			Record<string, unknown> | undefined
		>;
		if (props.qs) options.qs = { ...(options.qs ?? {}), ...props.qs } as IHttpRequestOptions['qs'];
		if (props.headers)
			options.headers = {
				...(options.headers ?? {}),
				...props.headers,
			} as IHttpRequestOptions['headers'];
		if (props.body) {
			options.body =
				typeof options.body === 'object' && options.body !== null
					? { ...(options.body as object), ...props.body }
					: props.body;
		}
		if (props.auth) options.auth = props.auth as unknown as IHttpRequestOptions['auth'];
		return options;
	}

	private expirableProperty(typeName: string): INodeProperties | undefined {
		return this.types[typeName]?.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = this.expirableProperty(typeName);
		if (!expirable || typeof type?.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthenticationRuns++;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) {
			throw new Error(`preAuthentication of ${typeName} did not return ${expirable.name}`);
		}
		const details = node.credentials?.[typeName];
		if (details)
			await this.updateCredentials(details, typeName, Object.assign(credentials, output));
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		if (typeof type?.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.store.get(nodeCredentials.id ?? '');
		if (!stored || stored.type !== type)
			throw new Error(`No credential ${nodeCredentials.id} of type ${type}`);
		const data: ICredentialDataDecryptedObject = {};
		for (const property of this.types[type].properties) {
			if (property.type !== 'notice')
				data[property.name] = property.default as ICredentialDataDecryptedObject[string];
		}
		return { ...data, ...structuredClone(stored.data) };
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.updates++;
		this.store.set(nodeCredentials.id ?? '', { type, data: { ...data } });
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types[type].properties;
	}
}
