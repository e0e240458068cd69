import { MinioOpenIdConfigArgs } from "../../components/minio-openid";
import { Expectations, RecordedResource, isSecretInput } from "./harness";

export const OPENID_TYPE = "minio-authentik-sso:index:MinioOpenIdConfig";
export const COMMAND_TYPE = "command:local:Command";

/** Secret values used by the tests; none may show up outside a secret input. */
export const SECRETS = {
  accessKey: "root-access-4f1c",
  secretKey: "root-secret-9b27e1",
  clientSecret: "oidc-client-secret-77aa",
};

/** Required settings only, every value plain (the component must make the secrets secret itself). */
export function baseArgs(): MinioOpenIdConfigArgs {
  return {
    endpoint: "http://127.0.0.1:9000",
    accessKey: SECRETS.accessKey,
    secretKey: SECRETS.secretKey,
    configUrl: "https://auth.example.test/application/o/minio/.well-known/openid-configuration",
    clientId: "minio-client",
    clientSecret: SECRETS.clientSecret,
    claimName: "policy",
    scopes: ["openid", "profile", "email"],
    redirectUri: "https://console.example.test/oauth_callback",
    displayName: "Log in with authentik",
  };
}

/** The apply line the mock's command prints. */
export function applyLine(
  config: string,
  changed = true,
  restarted = true,
  keys = ["client_id", "config_url"],
): string {
  return JSON.stringify({ config, changed, restarted, keys });
}

/** Declares the component, its command (answering with `stdout`) and any extra types. */
export function openIdExpectations(stdout: string | undefined, extra: Expectations["resources"] = {}): Expectations {
  return {
    resources: {
      [OPENID_TYPE]: null,
      [COMMAND_TYPE]: stdout === undefined ? null : () => ({ stdout, stderr: "" }),
      ...extra,
    },
  };
}

/** Every string found at a non-secret input path of a resource. */
export function plainStrings(res: RecordedResource): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (path !== "" && isSecretInput(res, path)) return;
    if (typeof value === "string") found.push(value);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, path === "" ? String(i) : `${path}.${i}`));
    else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path === "" ? k : `${path}.${k}`);
    }
  };
  walk(res.inputs, "");
  return found;
}
