/**
 * Token-endpoint errors and refresh tokens (authentik/providers/oauth2/views/token.py, errors.py), shared by the
 * token endpoint in oidc-token.ts.
 */
import { randomUUID } from "node:crypto";
import type { Store } from "./store";
import type { ProviderRecord, RefreshTokenRecord, UserRecord } from "./types";
import { durationMs, randomAlnum } from "./validators";

/** errors.py TokenError.errors, for the errors the double raises. */
const TOKEN_ERRORS = {
  invalid_request: "The request is otherwise malformed",
  invalid_client:
    "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)",
  invalid_grant:
    "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client",
  unsupported_grant_type: "The authorization grant type is not supported by the authorization server",
  invalid_scope:
    "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner",
};

export class TokenError extends Error {
  constructor(readonly error: keyof typeof TOKEN_ERRORS) {
    super(error);
  }

  /**
   * errors.py OAuth2Error.create_dict: error, description and the request's id, which core/middleware.py
   * RequestIDMiddleware sets to uuid4().hex. TokenView.post answers it with HTTP 400.
   */
  body(): Record<string, string> {
    return {
      error: this.error,
      error_description: TOKEN_ERRORS[this.error],
      request_id: randomUUID().replace(/-/g, ""),
    };
  }
}

/** What a grant hands to the token response: whose tokens, which scopes, and the login they stem from. */
export interface Grant {
  user: UserRecord;
  scope: string[];
  authTime: number;
  nonce: string | null;
  sessionKey: string | null;
  amr: string[] | null;
}

/**
 * TokenParams.__post_init_refresh, then TokenView.create_refresh_response's scope checks. `scope` is the requested
 * scope already cut to the provider's mappings (__check_scopes); empty means "the token's own scopes".
 */
export function refreshGrant(
  store: Store,
  provider: ProviderRecord,
  raw: string,
  scope: string[],
): { grant: Grant; used: RefreshTokenRecord } {
  if (raw === "") throw new TokenError("invalid_grant");
  const used = store.refreshTokens.get(raw);
  if (!used || used.providerPk !== provider.pk || Date.now() > used.expiresAt) throw new TokenError("invalid_grant");
  const requested = scope.length === 0 ? used.scope : scope;
  if (used.revoked) throw new TokenError("invalid_grant");
  const user = store.users.get(used.userPk);
  if (!user) throw new TokenError("invalid_grant");
  if (requested.some((s) => !used.scope.includes(s))) throw new TokenError("invalid_scope");
  if (!requested.includes("offline_access")) throw new TokenError("invalid_scope");
  // The new access token keeps the refresh token's scopes, not the requested ones; its id_token has no nonce.
  return {
    grant: {
      user,
      scope: used.scope,
      authTime: used.authTime,
      nonce: null,
      sessionKey: used.sessionKey,
      amr: used.amr,
    },
    used,
  };
}

/**
 * A new refresh token: create_code_response issues one when the code's scope holds offline_access;
 * create_refresh_response issues one (and revokes the used token) when refresh_token_threshold is seconds=0 or
 * the used token expires within it. Returns undefined when no token is due.
 */
export function issueRefreshToken(
  store: Store,
  provider: ProviderRecord,
  grant: Grant,
  used?: RefreshTokenRecord,
): string | undefined {
  const now = Date.now();
  if (used) {
    const threshold = durationMs(provider.refreshTokenThreshold);
    if (threshold !== 0 && used.expiresAt - now >= threshold) return undefined;
    used.revoked = true;
  } else if (!grant.scope.includes("offline_access")) return undefined;
  const token = randomAlnum(128);
  store.refreshTokens.set(token, {
    token,
    providerPk: provider.pk,
    userPk: grant.user.pk,
    scope: grant.scope,
    expiresAt: now + durationMs(provider.refreshTokenValidity),
    authTime: grant.authTime,
    sessionKey: grant.sessionKey,
    amr: grant.amr,
    revoked: false,
  });
  return token;
}
