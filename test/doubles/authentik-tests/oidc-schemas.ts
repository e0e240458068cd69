/**
 * Schemas for the OIDC responses, which schema.yml does not describe (except discovery, which authentik's
 * OpenIDConnectConfiguration component covers): token success/error (RFC 6749 5.1/5.2), JWKS (RFC 7517 5),
 * userinfo (OIDC Core 5.3.2).
 */
import Ajv from "ajv";
import { validateComponent } from "../authentik/schema";

const ajv = new Ajv({ strict: true, allErrors: true });

const schemas = {
  token: {
    type: "object",
    required: ["access_token", "token_type", "expires_in", "id_token", "scope"],
    properties: {
      access_token: { type: "string", minLength: 1 },
      token_type: { const: "Bearer" },
      expires_in: { type: "integer", minimum: 0 },
      id_token: { type: "string", pattern: "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$" },
      scope: { type: "string" },
      refresh_token: { type: "string" },
    },
    additionalProperties: false,
  },
  tokenError: {
    type: "object",
    required: ["error", "error_description", "request_id"],
    properties: {
      error: {
        enum: [
          "invalid_request",
          "invalid_client",
          "invalid_grant",
          "unauthorized_client",
          "unsupported_grant_type",
          "invalid_scope",
        ],
      },
      error_description: { type: "string", minLength: 1 },
      // errors.py OAuth2Error.create_dict adds the request's id (core/middleware.py: uuid4().hex).
      request_id: { type: "string", pattern: "^[0-9a-f]{32}$" },
    },
    additionalProperties: false,
  },
  jwks: {
    type: "object",
    properties: {
      keys: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          required: ["kty", "kid", "use", "alg", "n", "e", "x5c", "x5t", "x5t#S256"],
          properties: {
            kty: { const: "RSA" },
            kid: { type: "string", pattern: "^[0-9a-f]{32}$" },
            use: { enum: ["sig", "enc"] },
            alg: { type: "string" },
            n: { type: "string", pattern: "^[A-Za-z0-9_-]+$" },
            e: { type: "string", pattern: "^[A-Za-z0-9_-]+$" },
            x5c: { type: "array", minItems: 1, items: { type: "string" } },
            x5t: { type: "string" },
            "x5t#S256": { type: "string" },
            enc: { type: "string" },
          },
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
  userinfo: {
    type: "object",
    required: ["sub"],
    properties: { sub: { type: "string", minLength: 1 } },
  },
} as const;

export type OidcSchema = keyof typeof schemas | "discovery";

const compiled = Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)]));

/** Violations of `body` against the named schema (empty when it conforms). */
export function checkOidc(schema: OidcSchema, body: unknown): string[] {
  if (schema === "discovery") {
    return validateComponent("OpenIDConnectConfiguration", body, "response").map(
      (e) => `${e.instancePath} ${e.message}`,
    );
  }
  const fn = compiled[schema];
  return fn(body)
    ? []
    : (fn.errors ?? []).map(
        (e: { instancePath: string; message?: string; params: unknown }) =>
          `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
      );
}
