/** What the program needs from authentik: the managed scope mappings and the token user's permissions. Pure. */

/** authentik's managed mappings of the standard scopes MinIO requests besides its own (openid, email, profile). */
export const STANDARD_SCOPE_MAPPINGS: readonly string[] = [
  "goauthentik.io/providers/oauth2/scope-openid",
  "goauthentik.io/providers/oauth2/scope-email",
  "goauthentik.io/providers/oauth2/scope-profile",
];

/** authentik's managed mapping of `offline_access`, which the login client needs for refresh tokens. */
export const OFFLINE_ACCESS_MAPPING = "goauthentik.io/providers/oauth2/scope-offline_access";

/**
 * The global permissions the program's calls need (README, "Least privilege": authentik's ObjectPermissions checks
 * `<app>.<action>_<model>` per method, ObjectFilter `view_` for lists; the endpoints are terraform-provider-authentik
 * v2026.5.0's). `view_group` only when groups are mapped (the group lookups, GET /core/groups/?name=).
 */
export function requiredPermissions(withGroups: boolean): string[] {
  const crud = (app: string, model: string) => ["add", "view", "change", "delete"].map((a) => `${app}.${a}_${model}`);
  return [
    ...crud("authentik_providers_oauth2", "scopemapping"),
    ...crud("authentik_providers_oauth2", "oauth2provider"),
    ...crud("authentik_core", "application"),
    "authentik_flows.view_flow",
    "authentik_crypto.view_certificatekeypair",
    ...(withGroups ? ["authentik_core.view_group"] : []),
  ];
}
