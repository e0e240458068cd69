// Which hand-made authentik objects a stack adopts (pure: authentik's answers in, a plan or one refusal out).
//
// authentik keeps a provider's name and client ID unique (providers/oauth2/models.py: Provider.name unique=True,
// OAuth2Provider.client_id unique=True), an application's slug unique, and binds an application to at most one
// provider and a provider to at most one application (core/models.py Application.provider: OneToOneField). A
// property mapping's name is unique too (core/models.py PropertyMapping.name unique=True).
import { MINIO_SCOPE_NAME } from "../lib/config-keys";

/** The fields of an OAuth2 provider adopt reads (GET /providers/oauth2/). */
export interface FoundProvider {
  pk: number;
  name: string;
  client_id: string;
  client_secret: string;
  property_mappings: string[];
  assigned_application_slug: string | null;
}

/** The fields of an application adopt reads (GET /core/applications/). */
export interface FoundApplication {
  slug: string;
  name: string;
  provider: number | null;
}

/** The fields of a scope mapping adopt reads (GET /propertymappings/provider/scope/). */
export interface FoundMapping {
  pk: string;
  name: string;
  scope_name: string;
}

/** What the stack's config names. */
export interface Wanted {
  providerName: string;
  slug: string;
  /** The `clientId` the stack sets, or undefined when unset (the program then uses the slug). */
  clientId?: string;
  /** The `clientSecret` the stack sets, or undefined when unset. */
  clientSecret?: string;
  /** The name the program gives its scope mapping. */
  mappingName: string;
}

/** What authentik holds that could be the stack's. */
export interface Candidates {
  /** Providers named `providerName` or whose client ID is the stack's (the slug when clientId is unset). */
  providers: FoundProvider[];
  /** The application with the stack's slug, if any. */
  application: FoundApplication | undefined;
  /** Every scope mapping of scope `minio`. */
  mappings: FoundMapping[];
}

export interface AdoptionPlan {
  provider: FoundProvider;
  /** undefined: there is no application with the slug, and `pulumi up` creates one. */
  application: FoundApplication | undefined;
  /** undefined: the provider uses no mapping of scope `minio`, and `pulumi up` creates one. */
  mapping: FoundMapping | undefined;
  /** The client ID to store in the stack's config (unset there, and not the slug). */
  setClientId: string | undefined;
  /** Whether to store the provider's client secret as the stack's secret `clientSecret` (unset there). */
  setClientSecret: boolean;
}

/** adopt will not go on; the message names what it found, the config key and the fix. Nothing was changed. */
export class AdoptRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdoptRefusal";
  }
}

const q = (text: string) => JSON.stringify(text);
const describeProvider = (p: FoundProvider) => `provider ${q(p.name)} (pk ${p.pk}, client ID ${q(p.client_id)})`;

/** The provider the stack names, by name or by client ID; two different ones are ambiguous. */
function pickProvider(wanted: Wanted, found: readonly FoundProvider[]): FoundProvider {
  const clientId = wanted.clientId ?? wanted.slug;
  const byName = found.find((p) => p.name === wanted.providerName);
  const byClientId = found.find((p) => p.client_id === clientId);
  if (byName && byClientId && byName.pk !== byClientId.pk) {
    throw new AdoptRefusal(
      `two authentik providers could be this stack's: the ${describeProvider(byName)} by providerName, and the ` +
        `${describeProvider(byClientId)} by client ID. Fix: make providerName and clientId name the same ` +
        `provider (pulumi config set providerName "<name>"; pulumi config set clientId "<client ID>"), or rename ` +
        `the other provider in authentik`,
    );
  }
  const provider = byName ?? byClientId;
  if (provider === undefined) {
    throw new AdoptRefusal(
      `authentik has no provider named ${q(wanted.providerName)} and none with client ID ${q(clientId)}, so there ` +
        `is nothing to adopt. Fix: set providerName (or clientId) to the hand-made provider's, or run pulumi up to ` +
        `create everything`,
    );
  }
  if (wanted.clientId !== undefined && provider.client_id !== wanted.clientId) {
    throw new AdoptRefusal(
      `the ${describeProvider(provider)} has another client ID than the stack's clientId ${q(wanted.clientId)}; ` +
        `MinIO and its users hold the provider's. Fix: pulumi config rm clientId (adopt then keeps the ` +
        `provider's), or set clientId to it`,
    );
  }
  if (wanted.clientSecret !== undefined && provider.client_secret !== wanted.clientSecret) {
    throw new AdoptRefusal(
      `the stack's clientSecret is not the client secret of the ${describeProvider(provider)}; MinIO holds the ` +
        `provider's. Fix: pulumi config rm clientSecret (adopt then stores the provider's as the stack's secret), ` +
        `and rotate it after adopting if you want another one`,
    );
  }
  return provider;
}

/** The application with the slug, which must be bound to the provider or to none; and the provider to no other. */
function checkApplication(wanted: Wanted, provider: FoundProvider, app: FoundApplication | undefined): void {
  if (app && app.provider !== null && app.provider !== provider.pk) {
    throw new AdoptRefusal(
      `the application ${q(app.slug)} is bound to the provider with pk ${app.provider}, not to the ` +
        `${describeProvider(provider)} that providerName and clientId name. Fix: set providerName and clientId ` +
        `to the application's provider, or applicationSlug to the slug of that provider's application`,
    );
  }
  const other = provider.assigned_application_slug;
  if (other !== null && other !== wanted.slug) {
    throw new AdoptRefusal(
      `the ${describeProvider(provider)} is used by the application ${q(other)}, not by the stack's ` +
        `applicationSlug ${q(wanted.slug)}. Fix: pulumi config set applicationSlug ${q(other)}`,
    );
  }
}

/** The provider's one mapping of scope `minio`, if any; two are ambiguous. */
function pickMapping(
  wanted: Wanted,
  provider: FoundProvider,
  mappings: readonly FoundMapping[],
): FoundMapping | undefined {
  const used = new Set(provider.property_mappings.map((pk) => pk.toLowerCase()));
  const ours = mappings.filter((m) => m.scope_name === MINIO_SCOPE_NAME && used.has(m.pk.toLowerCase()));
  if (ours.length > 1) {
    const list = ours.map((m) => `${q(m.name)} (pk ${m.pk})`).join(" and ");
    throw new AdoptRefusal(
      `the ${describeProvider(provider)} uses ${ours.length} scope mappings of scope ${q(MINIO_SCOPE_NAME)}: ` +
        `${list}; the stack manages one. Fix: remove all but one from the provider's property mappings in authentik`,
    );
  }
  const mapping = ours[0];
  const namesake = mappings.find((m) => m.name === wanted.mappingName && m.pk !== mapping?.pk);
  if (namesake) {
    throw new AdoptRefusal(
      `a scope mapping named ${q(wanted.mappingName)} (pk ${namesake.pk}) exists, but the ` +
        `${describeProvider(provider)} does not use it; the stack's mapping takes that name. Fix: rename or ` +
        `delete that mapping in authentik, or set providerName (the mapping is named "<providerName>: MinIO policies")`,
    );
  }
  return mapping;
}

/** The adoption plan for what authentik holds, or an AdoptRefusal. */
export function planAdoption(wanted: Wanted, found: Candidates): AdoptionPlan {
  const provider = pickProvider(wanted, found.providers);
  checkApplication(wanted, provider, found.application);
  const mapping = pickMapping(wanted, provider, found.mappings);
  return {
    provider,
    application: found.application,
    mapping,
    setClientId: wanted.clientId === undefined && provider.client_id !== wanted.slug ? provider.client_id : undefined,
    setClientSecret: wanted.clientSecret === undefined,
  };
}

/** What adopt prints before it changes the stack: names and ids, never the client secret. */
export function describePlan(plan: AdoptionPlan, wanted: Wanted): string[] {
  const { provider, application, mapping } = plan;
  const lines = [
    `  provider       ${q(provider.name)} (pk ${provider.pk}, client ID ${q(provider.client_id)})` +
      (provider.name === wanted.providerName ? "" : `, renamed to ${q(wanted.providerName)} by pulumi up`),
    application
      ? `  application    ${q(application.slug)} (${q(application.name)})`
      : `  application    none with the slug ${q(wanted.slug)}: pulumi up creates it`,
    mapping
      ? `  scope mapping  ${q(mapping.name)} (pk ${mapping.pk}), scope ${q(MINIO_SCOPE_NAME)}` +
        (mapping.name === wanted.mappingName ? "" : `, renamed to ${q(wanted.mappingName)} by pulumi up`)
      : `  scope mapping  the provider uses none of scope ${q(MINIO_SCOPE_NAME)}: pulumi up creates it`,
  ];
  if (plan.setClientId !== undefined) lines.push(`  config         clientId = ${q(plan.setClientId)} (the provider's)`);
  if (plan.setClientSecret)
    lines.push("  config         clientSecret = the provider's client secret, stored encrypted");
  return lines;
}
