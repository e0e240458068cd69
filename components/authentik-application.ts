import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";

/** Inputs of {@link AuthentikApplication}. */
export interface AuthentikApplicationArgs {
  /** Display name of the application. */
  name: string;
  /** Slug: part of the issuer and discovery URLs. Changing it renames the application in place. */
  slug: string;
  /** URL the application tile opens (MinioSso passes authentik's own default rather than ""). */
  launchUrl: string;
  /** The OAuth2 provider's id (authentik returns it as a decimal string). */
  providerId: pulumi.Input<string>;
}

/** authentik's provider id as the application's `protocolProvider` number; throws on anything but a positive integer. */
export function providerNumber(id: string): number {
  const value = Number(id);
  if (!/^[1-9][0-9]*$/.test(id) || !Number.isSafeInteger(value)) {
    throw new Error(`AuthentikApplication: the provider id ${JSON.stringify(id)} is not a positive integer`);
  }
  return value;
}

/** The arguments of the application resource. */
export function applicationArgs(args: AuthentikApplicationArgs): authentik.ApplicationArgs {
  return {
    name: args.name,
    slug: args.slug,
    protocolProvider: pulumi.output(args.providerId).apply(providerNumber),
    metaLaunchUrl: args.launchUrl,
  };
}

/** Step 3: the authentik application that publishes the provider under its slug. */
export class AuthentikApplication extends pulumi.ComponentResource {
  /** The slug, once the application exists. */
  public readonly slug: pulumi.Output<string>;

  constructor(name: string, args: AuthentikApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:AuthentikApplication", name, {}, opts);
    // No replaceOnChanges: a slug change is an update in place. The Terraform provider PUTs the new slug to the old
    // slug's URL and keeps the new slug as its id in state (which later reads, updates and deletes use); authentik
    // keeps the application's pk, and with it the policy bindings and entitlements admins attached. A replacement
    // would delete them. MinIO's identity_openid follows the new discovery URL in the same `up` (it depends on us).
    const application = new authentik.Application(`${name}-application`, applicationArgs(args), { parent: this });
    this.slug = application.slug;
    this.registerOutputs({ slug: this.slug });
  }
}
