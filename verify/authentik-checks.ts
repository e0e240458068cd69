// The authentik check: the OAuth2 provider the stack created, as authentik's REST API shows it to the stack's
// token. Pure: takes the HTTP outcome.
//
// GET /api/v3/providers/oauth2/{id}/ (schema.yml operation providers_oauth2_retrieve, bearer token) answers an
// OAuth2Provider, whose client_id and client_secret are plain strings; errors are GenericError {"detail": "..."}.
// authentik refuses a wrong token with 403 (a proxy in front of it may say 401) and an unknown id with 404. The
// client secret goes to MinIO's fingerprint check only; it is never part of the report.
import { compare, fail, ok, skip, show, type Check, type ReportSection } from "./report";
import { describeFailure, jsonObject, type HttpOutcome } from "./outcome";

export interface AuthentikInputs {
  /** authentik's base URL (StackConfig.authentik.url). */
  authentikUrl: string;
  /** The stack output providerId. */
  providerId: string;
  /** The client ID MinIO should use: the clientId output, else the config's. */
  clientId: string;
  outcome: HttpOutcome;
}

/** Longest `detail` of an error answer that is shown. */
const MAX_DETAIL = 200;

/** The API URL of one OAuth2 provider. */
export function providerUrl(authentikUrl: string, providerId: string): string {
  return `${authentikUrl}/api/v3/providers/oauth2/${providerId}/`;
}

/** The provider object of a successful answer. */
function provider(outcome: HttpOutcome): Record<string, unknown> | undefined {
  if ("error" in outcome || outcome.status !== 200) return undefined;
  return jsonObject(outcome);
}

/** The provider's client secret, when authentik answered one. */
export function clientSecretOf(outcome: HttpOutcome): string | undefined {
  const secret = provider(outcome)?.client_secret;
  return typeof secret === "string" && secret !== "" ? secret : undefined;
}

function detailOf(outcome: HttpOutcome): string {
  const detail = jsonObject(outcome)?.detail;
  if (typeof detail !== "string" || detail === "") return "";
  return `(${detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail})`;
}

function providerCheck(input: AuthentikInputs): Check {
  const { outcome } = input;
  if ("error" in outcome) return fail("provider", describeFailure(outcome));
  if (outcome.status !== 200) {
    const answered = describeFailure(outcome, detailOf(outcome));
    if (outcome.status === 401 || outcome.status === 403) {
      return fail(
        "provider",
        `${answered}: authentik does not accept the token in authentik:token, or its user may not view this provider`,
      );
    }
    if (outcome.status === 404) {
      return fail(
        "provider",
        `${answered}: authentik has no OAuth2 provider ${input.providerId} (deleted outside the stack?)`,
      );
    }
    return fail("provider", answered);
  }
  if (provider(outcome) === undefined) return fail("provider", `${outcome.url} did not answer a JSON object`);
  if (clientSecretOf(outcome) === undefined) return fail("provider", `${outcome.url} answered without a client_secret`);
  return ok("provider", "answered HTTP 200 with the provider's client_secret");
}

export function authentikSection(input: AuthentikInputs): ReportSection {
  const title = `authentik OAuth2 provider ${input.providerId}: ${providerUrl(input.authentikUrl, input.providerId)}`;
  const first = providerCheck(input);
  if (first.status !== "ok") return { title, checks: [first, skip("provider client_id", "not checked (no provider)")] };
  const clientId = provider(input.outcome)?.client_id;
  const actual = typeof clientId === "string" ? show(clientId) : "<missing>";
  return { title, checks: [first, compare("provider client_id", show(input.clientId), actual, true)] };
}
