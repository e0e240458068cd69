import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OPENID_ENV, TYPES } from "../../../policy/checks";
import {
  clientSecretLeaks,
  clientSecrets,
  commandSecretProblems,
  leakMessage,
  maskSecrets,
  ownSecrets,
  secretPaths,
  type StackResource,
} from "../../../policy/secret-leaks";
import { UNKNOWN, policyView } from "../../support/policy-view";

const SECRET = "kM3v9QpZ-authentik-generated-client-secret";
const urn = (type: string, name: string) => `urn:pulumi:dev::minio-authentik-sso::${type}::${name}`;
const SECRET_VAR = OPENID_ENV.clientSecret;

function command(env: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    create: "node dist/minio-admin/cli.js apply",
    environment: { [OPENID_ENV.configUrl]: "https://auth.example.test/x", [SECRET_VAR]: SECRET, ...env },
    stdout: '{"changed":true}',
    ...extra,
  };
}

function stack(outputs: Record<string, unknown> = {}, commandProps = command()): StackResource[] {
  return [
    { urn: urn(TYPES.stack, "minio-authentik-sso-dev"), type: TYPES.stack, props: policyView(outputs) },
    {
      urn: urn(TYPES.oauth2Provider, "minio-provider"),
      type: TYPES.oauth2Provider,
      props: policyView({ clientId: "minio", clientSecret: SECRET }),
    },
    { urn: urn(TYPES.command, "minio-identity-openid"), type: TYPES.command, props: policyView(commandProps) },
  ];
}

describe("client secret: whole stack, after the update", () => {
  it("finds the secret where it belongs and nowhere else in a clean stack", () => {
    assert.deepEqual(clientSecrets(stack()), [SECRET]);
    assert.deepEqual(clientSecretLeaks(stack({ discoveryUrl: "https://auth.example.test/x", clientId: "minio" })), []);
  });

  it("flags a stack output that carries it, whole, inside other text, at any depth or as a key", () => {
    const leaks = clientSecretLeaks(
      stack({
        clientSecret: SECRET,
        login: { url: `https://x.test/?secret=${SECRET}` },
        list: ["a", SECRET],
        byKey: { [SECRET]: "x" },
      }),
    );
    assert.deepEqual(
      leaks.map((l) => l.path),
      ["byKey.<redacted>", "clientSecret", "list.1", "login.url"],
    );
    assert.ok(leaks.every((l) => l.type === TYPES.stack && l.urn.endsWith("::minio-authentik-sso-dev")));
    assert.equal(
      leakMessage(leaks[1]),
      "clientSecret carries the OAuth2 client secret. Only the authentik provider's clientSecret and the MinIO " +
        `command's ${SECRET_VAR} may hold it; remove it from this stack output. This check runs after the update, ` +
        "so the value is in the state already: rotate the client secret too.",
    );
    assert.ok(!leaks.map(leakMessage).join("\n").includes(SECRET), "messages never quote the secret");
  });

  it("flags the secret in any other property of the command, and in other resources", () => {
    const resources = stack({}, command({ EXTRA: SECRET }));
    resources.push({ urn: urn(TYPES.command, "echo"), type: TYPES.command, props: { create: `echo ${SECRET}` } });
    const leaks = clientSecretLeaks(resources);
    assert.deepEqual(
      leaks.map((l) => `${l.urn.split("::").pop()} ${l.path}`),
      ["minio-identity-openid environment.EXTRA", "echo create"],
    );
    assert.match(leakMessage(leaks[1]), /remove it from this resource\./);
  });

  it("compares short secrets whole, so they cannot match inside unrelated text", () => {
    assert.deepEqual(secretPaths({ note: "abcdef", exact: "abc", list: ["abc"] }, ["abc"]), ["exact", "list.0"]);
    assert.deepEqual(secretPaths({ a: "x" }, []), []);
  });

  it("has nothing to compare while the secret is unknown, and skips unknown outputs", () => {
    const preview = stack({ later: UNKNOWN }, command({ [SECRET_VAR]: UNKNOWN }));
    preview[1].props = policyView({ clientId: "minio", clientSecret: UNKNOWN });
    assert.deepEqual(clientSecrets(preview), []);
    assert.deepEqual(clientSecretLeaks(preview), []);
    const known = stack({ pending: UNKNOWN, copy: [UNKNOWN, SECRET] });
    assert.deepEqual(
      clientSecretLeaks(known).map((l) => l.path),
      ["copy.1"],
    );
  });
});

describe("client secret: the MinIO command, before each step", () => {
  it("allows it in MINIO_OPENID_CLIENT_SECRET only", () => {
    assert.deepEqual(commandSecretProblems(policyView(command())), []);
    assert.deepEqual(
      commandSecretProblems(
        policyView(
          command({ EXTRA: `x${SECRET}` }, { create: `node cli.js apply --secret ${SECRET}`, triggers: [SECRET] }),
        ),
      ),
      ["create", "environment.EXTRA", "triggers.0"].map(
        (path) => `${path} carries the OAuth2 client secret; pass it only in environment.${SECRET_VAR}.`,
      ),
    );
  });

  it("has nothing to compare while the secret is unknown", () => {
    assert.deepEqual(commandSecretProblems(policyView(command({ [SECRET_VAR]: UNKNOWN }, { create: "x" }))), []);
  });
});

describe("client secret: never in a message", () => {
  it("redacts a key that contains the secret, however short the secret", () => {
    assert.deepEqual(secretPaths({ xabcy: "abc", m: { xabcy: { v: "abc" } } }, ["abc"]), [
      "<redacted>",
      "m.<redacted>.v",
    ]);
  });

  it("masks a resource's own secret in any text", () => {
    assert.deepEqual(ownSecrets(TYPES.oauth2Provider, policyView({ clientSecret: SECRET })), [SECRET]);
    assert.deepEqual(ownSecrets(TYPES.command, policyView(command())), [SECRET]);
    assert.deepEqual(ownSecrets(TYPES.command, policyView(command({ [SECRET_VAR]: UNKNOWN }))), []);
    assert.deepEqual(ownSecrets(TYPES.stack, policyView({ clientSecret: SECRET })), []);
    assert.equal(maskSecrets(`a ${SECRET} b ${SECRET}`, [SECRET]), "a <redacted> b <redacted>");
    assert.equal(maskSecrets("unchanged", ["", SECRET]), "unchanged");
  });
});
