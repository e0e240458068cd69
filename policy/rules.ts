/**
 * The policies of the pack: each wires pure checks (checks.ts, secret-leaks.ts) to the resources they apply to.
 * Imports only types from @pulumi/policy, so tests can run the policies without starting the pack's server.
 */
import type { Policies, ReportViolation, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import {
  TYPES,
  confidentialClientProblem,
  isOpenIdCommand,
  openIdCommandExposureProblems,
  openIdCommandUrlProblems,
  providerUrlProblems,
  signingKeyProblem,
  strictRedirectProblems,
} from "./checks";
import { clientSecretLeaks, leakMessage } from "./secret-leaks";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const PACK_NAME = "minio-authentik-sso";

/** Reports each problem; `undefined` entries are skipped. */
function reportAll(report: ReportViolation, problems: readonly (string | undefined)[], urn?: string): void {
  for (const problem of problems) if (problem !== undefined) report(problem, urn);
}

/** A resource policy for one type: `check` returns the problems of one resource's properties. */
function forType(
  type: string,
  check: (args: ResourceValidationArgs) => readonly (string | undefined)[],
): (args: ResourceValidationArgs, report: ReportViolation) => void {
  return (args, report) => {
    if (args.type === type) reportAll(report, check(args), args.urn);
  };
}

/** A resource policy for the MinIO admin command only. */
function forOpenIdCommand(
  check: (args: ResourceValidationArgs) => readonly string[],
): (args: ResourceValidationArgs, report: ReportViolation) => void {
  return (args, report) => {
    if (isOpenIdCommand(args.type, args.props)) reportAll(report, check(args), args.urn);
  };
}

export const POLICIES: Policies = [
  {
    name: "https-urls",
    description: "The OIDC discovery URL and every redirect URL use https (plain http only on loopback hosts).",
    enforcementLevel: "mandatory",
    validateResource: [
      forType(TYPES.oauth2Provider, (args) => providerUrlProblems(args.props)),
      forOpenIdCommand((args) => openIdCommandUrlProblems(args.props)),
    ],
  },
  {
    name: "confidential-client",
    description: "authentik's OAuth2 provider for MinIO is a confidential client.",
    enforcementLevel: "mandatory",
    validateResource: forType(TYPES.oauth2Provider, (args) => [confidentialClientProblem(args.props)]),
  },
  {
    name: "signing-key",
    description: "authentik's OAuth2 provider signs tokens with a key pair (RS256), which MinIO verifies via JWKS.",
    enforcementLevel: "mandatory",
    validateResource: forType(TYPES.oauth2Provider, (args) => [signingKeyProblem(args.props)]),
  },
  {
    name: "strict-redirect",
    description: "Redirect URIs are listed and matched exactly: no empty list, no regex matching.",
    enforcementLevel: "mandatory",
    validateResource: forType(TYPES.oauth2Provider, (args) => strictRedirectProblems(args.props)),
  },
  {
    name: "client-secret-not-plain",
    description: "The OAuth2 client secret never appears in a stack output, a plain property or the log.",
    enforcementLevel: "mandatory",
    validateResource: forOpenIdCommand((args) =>
      openIdCommandExposureProblems(args.props, args.opts.additionalSecretOutputs),
    ),
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      for (const leak of clientSecretLeaks(args.resources)) report(leakMessage(leak), leak.urn);
    },
  },
];
