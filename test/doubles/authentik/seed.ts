/** What a freshly installed authentik holds before anyone configures it (blueprints/default, blueprints/system). */
import { randomBytes, randomUUID } from "node:crypto";
import { buildSelfSignedPair, drfDateTime, fingerprint, rfc4514Subject } from "./certificate";
import type { Store } from "./store";

/** authentik version the double imitates (the version of the bundled schema.yml). */
export const AUTHENTIK_VERSION = "2026.5.6";

export const SELF_SIGNED_NAME = "authentik Self-signed Certificate";

const FLOWS: Array<[slug: string, name: string, title: string, designation: string, authentication: string]> = [
  ["default-authentication-flow", "Welcome to authentik!", "Welcome to authentik!", "authentication", "none"],
  ["default-invalidation-flow", "Logout", "Default Invalidation Flow", "invalidation", "none"],
  [
    "default-provider-authorization-explicit-consent",
    "Authorize Application",
    "Redirecting to %(app)s",
    "authorization",
    "require_authenticated",
  ],
  [
    "default-provider-authorization-implicit-consent",
    "Authorize Application",
    "Redirecting to %(app)s",
    "authorization",
    "require_authenticated",
  ],
  ["default-provider-invalidation-flow", "Logout", "You've logged out of %(app)s.", "invalidation", "none"],
  ["default-source-authentication", "Welcome to authentik!", "Welcome to authentik!", "authentication", "none"],
  [
    "default-source-enrollment",
    "Welcome to authentik! Please select a username.",
    "Welcome to authentik! Please select a username.",
    "enrollment",
    "none",
  ],
  ["default-user-settings-flow", "User settings", "Update your info", "stage_configuration", "require_authenticated"],
  ["default-password-change", "Change Password", "Change password", "stage_configuration", "require_authenticated"],
];

/**
 * The six managed scope mappings of blueprints/system/providers-oauth2.yaml (expressions stored stripped); since
 * 2026.2 (PR #19588) the profile mapping reads request.user.groups, ak_groups being the deprecated alias.
 */
const MANAGED_MAPPINGS: Array<[managed: string, name: string, scope: string, description: string, expr: string]> = [
  [
    "scope-openid",
    "authentik default OAuth Mapping: OpenID 'openid'",
    "openid",
    "",
    [
      "# This scope is required by the OpenID-spec, and must as such exist in authentik.",
      "# The scope by itself does not grant any information",
      "return {}",
    ].join("\n"),
  ],
  [
    "scope-email",
    "authentik default OAuth Mapping: OpenID 'email'",
    "email",
    "Email address",
    ["return {", '    "email": request.user.email,', '    "email_verified": False', "}"].join("\n"),
  ],
  [
    "scope-profile",
    "authentik default OAuth Mapping: OpenID 'profile'",
    "profile",
    "General Profile Information",
    [
      "return {",
      "    # Because authentik only saves the user's full name, and has no concept of first and last names,",
      "    # the full name is used as given name.",
      '    # You can override this behaviour in custom mappings, i.e. `request.user.name.split(" ")`',
      '    "name": request.user.name,',
      '    "given_name": request.user.name,',
      '    "preferred_username": request.user.username,',
      '    "nickname": request.user.username,',
      '    "groups": [group.name for group in request.user.groups.all()],',
      "}",
    ].join("\n"),
  ],
  [
    "scope-entitlements",
    "authentik default OAuth Mapping: Application Entitlements",
    "entitlements",
    "Application entitlements",
    [
      "entitlements = [entitlement.name for entitlement in request.user.app_entitlements(provider.application)]",
      "return {",
      '    "entitlements": entitlements,',
      '    "roles": entitlements,',
      "}",
    ].join("\n"),
  ],
  [
    "scope-offline_access",
    "authentik default OAuth Mapping: OpenID 'offline_access'",
    "offline_access",
    "Access to request new tokens without interaction",
    [
      "# This scope grants the application a refresh token that can be used to refresh user data",
      "# and let the application access authentik without the users interaction",
      "return {}",
    ].join("\n"),
  ],
  [
    "scope-authentik_api",
    "authentik default OAuth Mapping: authentik API access",
    "goauthentik.io/api",
    "authentik API Access on behalf of your user",
    [
      "# This scope grants the application the ability to access the authentik API",
      "# on behalf of the authorizing user",
      "return {}",
    ].join("\n"),
  ],
];

export function seedFreshInstall(store: Store): void {
  for (const [slug, name, title, designation, authentication] of FLOWS) {
    const pk = randomUUID();
    store.flows.set(pk, { pk, slug, name, title, designation, authentication });
  }
  const altName = `${randomBytes(20).toString("hex").slice(0, 40)}.self-signed.goauthentik.io`;
  const pair = buildSelfSignedPair(SELF_SIGNED_NAME, `authentik ${AUTHENTIK_VERSION}`, altName);
  const keyPk = randomUUID();
  store.keyPairs.set(keyPk, {
    pk: keyPk,
    name: SELF_SIGNED_NAME,
    certificatePem: pair.certificatePem,
    keyPem: pair.keyPem,
    certificateDer: pair.certificateDer,
    fingerprintSha256: fingerprint(pair.certificateDer, "sha256"),
    fingerprintSha1: fingerprint(pair.certificateDer, "sha1"),
    certExpiry: drfDateTime(pair.notAfter),
    certSubject: rfc4514Subject(pair.certificateDer),
    keyType: "rsa",
    managed: null,
  });
  for (const [managed, name, scopeName, description, expression] of MANAGED_MAPPINGS) {
    const pk = randomUUID();
    store.scopeMappings.set(pk, {
      pk,
      name,
      scopeName,
      description,
      expression,
      managed: `goauthentik.io/providers/oauth2/${managed}`,
    });
  }
  const admins = store.createGroup("authentik Admins");
  admins.isSuperuser = true;
}
