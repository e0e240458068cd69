// A public client with a regex redirect and the implicit grant: every provider rule of the policy pack refuses it.
import * as authentik from "@pulumi/authentik";

new authentik.ProviderOauth2("bad-provider", {
  name: "bad provider",
  clientId: "bad",
  clientType: "public",
  authorizationFlow: "00000000-0000-4000-8000-000000000001",
  invalidationFlow: "00000000-0000-4000-8000-000000000002",
  allowedRedirectUris: [{ matching_mode: "regex", url: "https://.*", redirect_uri_type: "authorization" }],
  grantTypes: ["implicit"],
});
