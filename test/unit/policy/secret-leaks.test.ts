import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OPENID_ENV, TYPES } from "../../../policy/checks";
import { clientSecretLeaks, clientSecrets, leakMessage, type StackResource } from "../../../policy/secret-leaks";
import { unknownProxy } from "./unknown";

const SECRET = "kM3v9QpZ-authentik-generated-client-secret";
const STACK_URN = "urn:pulumi:dev::minio-authentik-sso::pulumi:pulumi:Stack::minio-authentik-sso-dev";
const PROVIDER_URN =
  "urn:pulumi:dev::minio-authentik-sso::authentik:index/providerOauth2:ProviderOauth2::minio-provider";
const COMMAND_URN = "urn:pulumi:dev::minio-authentik-sso::command:local:Command::minio-identity-openid";

function stack(outputs: Record<string, unknown> = {}, env: Record<string, unknown> = {}): StackResource[] {
  return [
    { urn: STACK_URN, type: TYPES.stack, props: outputs },
    { urn: PROVIDER_URN, type: TYPES.oauth2Provider, props: { clientId: "minio", clientSecret: SECRET } },
    {
      urn: COMMAND_URN,
      type: TYPES.command,
      props: {
        create: "node dist/minio-admin/cli.js apply",
        environment: {
          [OPENID_ENV.configUrl]: "https://auth.example.test/x",
          [OPENID_ENV.clientSecret]: SECRET,
          ...env,
        },
        stdout: '{"changed":true}',
      },
    },
  ];
}

describe("client secret leaks", () => {
  it("finds the secret where it belongs and nowhere else in a clean stack", () => {
    assert.deepEqual(clientSecrets(stack()), [SECRET]);
    assert.deepEqual(clientSecretLeaks(stack({ discoveryUrl: "https://auth.example.test/x", clientId: "minio" })), []);
  });

  it("flags a stack output that carries it, whole or inside other text, at any depth", () => {
    const leaks = clientSecretLeaks(
      stack({ clientSecret: SECRET, login: { url: `https://x.test/?secret=${SECRET}` }, list: ["a", SECRET] }),
    );
    assert.deepEqual(leaks, [
      { urn: STACK_URN, type: TYPES.stack, path: "clientSecret" },
      { urn: STACK_URN, type: TYPES.stack, path: "login.url" },
      { urn: STACK_URN, type: TYPES.stack, path: "list.1" },
    ]);
    assert.equal(
      leakMessage(leaks[0]),
      "clientSecret carries the OAuth2 client secret. Only the authentik provider's clientSecret and the " +
        `MinIO command's ${OPENID_ENV.clientSecret} may hold it; remove it from this stack output.`,
    );
    assert.ok(!leaks.map(leakMessage).join("\n").includes(SECRET), "messages never quote the secret");
  });

  it("flags the secret in any other property of the command, and in other resources", () => {
    const resources = stack({}, { EXTRA: SECRET });
    resources.push({
      urn: "urn:x::y::command:local:Command::echo",
      type: TYPES.command,
      props: { create: `echo ${SECRET}` },
    });
    assert.deepEqual(
      clientSecretLeaks(resources).map((l) => `${l.urn.split("::").pop()} ${l.path}`),
      ["minio-identity-openid environment.EXTRA", "echo create"],
    );
    assert.match(leakMessage(clientSecretLeaks(resources)[1]), /remove it from this resource\.$/);
  });

  it("compares short secrets whole, so they cannot match inside unrelated text", () => {
    const short = stack();
    (short[1].props as Record<string, unknown>).clientSecret = "abc";
    (short[2].props as { environment: Record<string, unknown> }).environment[OPENID_ENV.clientSecret] = "abc";
    short[0].props = { note: "abcdef", exact: "abc" };
    assert.deepEqual(
      clientSecretLeaks(short).map((l) => l.path),
      ["exact"],
    );
  });

  it("has nothing to compare while the secret is unknown, and skips unknown outputs", () => {
    const preview = stack({ later: "x" });
    preview[1].props = unknownProxy({ clientId: "minio" }, ["clientSecret"]);
    preview[2].props = {
      environment: unknownProxy({ [OPENID_ENV.configUrl]: "https://a.test/x" }, [OPENID_ENV.clientSecret]),
    };
    assert.deepEqual(clientSecrets(preview), []);
    assert.deepEqual(clientSecretLeaks(preview), []);
    const known = stack();
    known[0].props = unknownProxy({ clientSecret: SECRET }, ["pending"]);
    assert.deepEqual(
      clientSecretLeaks(known).map((l) => l.path),
      ["clientSecret"],
    );
  });
});
