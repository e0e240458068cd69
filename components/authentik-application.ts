import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";

/** Inputs of {@link AuthentikApplication}. */
export interface AuthentikApplicationArgs {
  /** Display name of the application. */
  name: string;
  /** Slug: part of the issuer and discovery URLs, so changing it replaces the application. */
  slug: string;
  /** URL the application tile opens; "" for none. */
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
    metaLaunchUrl: args.launchUrl === "" ? undefined : args.launchUrl,
  };
}

/** Step 3: the authentik application that publishes the provider under its slug. */
export class AuthentikApplication extends pulumi.ComponentResource {
  /** The slug, once the application exists. */
  public readonly slug: pulumi.Output<string>;

  constructor(name: string, args: AuthentikApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:AuthentikApplication", name, {}, opts);
    const application = new authentik.Application(`${name}-application`, applicationArgs(args), {
      parent: this,
      // why: the provider updates a slug in place, which moves the issuer and discovery URLs MinIO was given.
      replaceOnChanges: ["slug"],
      // why: slugs are unique and a provider belongs to one application, so the old one must go first.
      deleteBeforeReplace: true,
    });
    this.slug = application.slug;
    this.registerOutputs({ slug: this.slug });
  }
}
