// The entries of `pulumi import` that put adopted authentik objects where the program declares them (pure).
//
// The program (index.ts) declares one MinioSso named "minio" whose step components parent the authentik resources:
// MinioSso "minio" > AuthentikScopeMapping "minio-policy" > PropertyMappingProviderScope "minio-policy-scope-mapping",
// MinioSso > AuthentikProvider "minio" > ProviderOauth2 "minio-provider", and MinioSso > AuthentikApplication
// "minio" > Application "minio-application" (components/). `pulumi import --file` creates the empty components
// (`component: true`) and imports each object under its parent (pulumi/pulumi pkg/cmd/pulumi/operations/import.go,
// parseImportFile: `name` keys the parent references, `logicalName` is the resource's name in its URN), so the
// URNs are the program's and the next `pulumi up` updates the objects in place.
import type { AdoptionPlan } from "./find";

/** The component the program declares, and its name (index.ts). */
export const SSO_NAME = "minio";
const PACKAGE = "minio-authentik-sso:index";

export const TYPES = {
  sso: `${PACKAGE}:MinioSso`,
  mappingStep: `${PACKAGE}:AuthentikScopeMapping`,
  providerStep: `${PACKAGE}:AuthentikProvider`,
  applicationStep: `${PACKAGE}:AuthentikApplication`,
  mapping: "authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope",
  provider: "authentik:index/providerOauth2:ProviderOauth2",
  application: "authentik:index/application:Application",
} as const;

/** One entry of an import file (the fields adopt uses). */
export interface ImportEntry {
  type: string;
  /** Key of the entry within the file (parents refer to it). */
  name: string;
  /** The resource's name, as the program declares it. */
  logicalName: string;
  id?: string;
  component?: boolean;
  parent?: string;
}

/**
 * The components and the adopted objects, parents first. authentik ids as terraform-provider-authentik imports
 * them: a provider by its pk, an application by its slug, a property mapping by its UUID.
 */
export function importEntries(plan: AdoptionPlan, name = SSO_NAME): ImportEntry[] {
  const entries: ImportEntry[] = [{ type: TYPES.sso, name: "sso", logicalName: name, component: true }];
  const step = (key: string, type: string, logicalName: string) =>
    entries.push({ type, name: key, logicalName, component: true, parent: "sso" });
  if (plan.mapping) {
    step("mapping-step", TYPES.mappingStep, `${name}-policy`);
    entries.push({
      type: TYPES.mapping,
      name: "mapping",
      logicalName: `${name}-policy-scope-mapping`,
      id: plan.mapping.pk,
      parent: "mapping-step",
    });
  }
  step("provider-step", TYPES.providerStep, name);
  entries.push({
    type: TYPES.provider,
    name: "provider",
    logicalName: `${name}-provider`,
    id: String(plan.provider.pk),
    parent: "provider-step",
  });
  if (plan.application) {
    step("application-step", TYPES.applicationStep, name);
    entries.push({
      type: TYPES.application,
      name: "application",
      logicalName: `${name}-application`,
      id: plan.application.slug,
      parent: "application-step",
    });
  }
  return entries;
}
