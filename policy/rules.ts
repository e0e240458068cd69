/**
 * The policies of the pack: each wires pure checks (checks.ts, secret-leaks.ts) to the resources they apply to.
 * Imports only types from @pulumi/policy, so tests can run the policies without starting the pack's server.
 */
import type { Policies, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import {
  TYPES,
  confidentialClientProblem,
  grantTypeProblems,
  isOpenIdCommand,
  openIdCommandState,
  openIdCommandExposureProblems,
  openIdCommandUrlProblems,
  providerUrlProblems,
  signingKeyProblem,
  strictRedirectProblems,
} from "./checks";
import { clientSecretLeaks, commandSecretProblems, leakMessage, maskSecrets, ownSecrets } from "./secret-leaks";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const PACK_NAME = "minio-authentik-sso";

type Validation = (args: ResourceValidationArgs, report: ReportViolation) => void;

/** Reports each problem of one resource, with its own client secret masked; `undefined` entries are skipped. */
function reportAll(args: ResourceValidationArgs, report: ReportViolation, problems: readonly (string | undefined)[]) {
  const secrets = ownSecrets(args.type, args.props);
  for (const problem of problems) if (problem !== undefined) report(maskSecrets(problem, secrets), args.urn);
}

/** A resource validation for authentik's OAuth2 provider only. */
function forProvider(check: (props: unknown) => readonly (string | undefined)[]): Validation {
  return (args, report) => {
    if (args.type === TYPES.oauth2Provider) reportAll(args, report, check(args.props));
  };
}

/** A resource validation for the MinIO admin command only. */
function forOpenIdCommand(check: (args: ResourceValidationArgs) => readonly string[]): Validation {
  return (args, report) => {
    if (isOpenIdCommand(args.type, args.props)) reportAll(args, report, check(args));
  };
}

/**
 * Counts the resources the other rules look at, so a renamed type cannot make them pass by checking nothing.
 * A command whose environment is not known yet (preview) counts: the update checks it again.
 */
export function expectedResourcesProblems(resources: StackValidationArgs["resources"]): string[] {
  const providers = resources.filter((r) => r.type === TYPES.oauth2Provider).length;
  const commands = resources.filter((r) => openIdCommandState(r.type, r.props) !== "no").length;
  const problems: string[] = [];
  if (providers === 0) problems.push(`The stack has no ${TYPES.oauth2Provider}; the provider rules checked nothing.`);
  if (commands === 0) {
    problems.push(`The stack has no ${TYPES.command} that runs the MinIO admin CLI; the MinIO rules checked nothing.`);
  }
  return problems;
}

/** Every policy of the pack, all mandatory: a violation fails the preview or the update. */
export const POLICIES: Policies = [
  {
    name: "https-urls",
    description: "The OIDC discovery URL and every redirect URL use https (plain http only on loopback hosts).",
    enforcementLevel: "mandatory",
    validateResource: [
      forProvider((props) => providerUrlProblems(props)),
      forOpenIdCommand((args) => openIdCommandUrlProblems(args.props)),
    ],
  },
  {
    name: "confidential-client",
    description: "authentik's OAuth2 provider for MinIO is a confidential client.",
    enforcementLevel: "mandatory",
    validateResource: forProvider((props) => [confidentialClientProblem(props)]),
  },
  {
    name: "signing-key",
    description: "authentik's OAuth2 provider signs tokens with a key pair (RS256), which MinIO verifies via JWKS.",
    enforcementLevel: "mandatory",
    validateResource: forProvider((props) => [signingKeyProblem(props)]),
  },
  {
    name: "strict-redirect",
    description: "Redirect URIs are listed and matched exactly: no empty list, no regex matching.",
    enforcementLevel: "mandatory",
    validateResource: forProvider((props) => strictRedirectProblems(props)),
  },
  {
    name: "grant-types",
    description:
      "authentik's OAuth2 provider allows the authorization-code grant and no implicit, hybrid or password grant.",
    enforcementLevel: "mandatory",
    validateResource: forProvider((props) => grantTypeProblems(props)),
  },
  {
    name: "client-secret-not-plain",
    description: "The OAuth2 client secret never appears in a stack output, a plain property or the log.",
    enforcementLevel: "mandatory",
    validateResource: forOpenIdCommand((args) => [
      ...commandSecretProblems(args.props),
      ...openIdCommandExposureProblems(args.props, args.opts.additionalSecretOutputs),
    ]),
    validateStack: (args, report) => {
      for (const leak of clientSecretLeaks(args.resources)) report(leakMessage(leak), leak.urn);
    },
  },
  {
    name: "expected-resources",
    description: "The stack declares authentik's OAuth2 provider and MinIO's OpenID command, which the rules check.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
      for (const problem of expectedResourcesProblems(args.resources)) report(problem);
    },
  },
];
