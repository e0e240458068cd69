/**
 * Who the API token is: GET /core/users/me/ (core/api/users.py UserViewSet.user_me, the SessionUser serializer) and
 * the permissions of a role, GET /rbac/permissions/?role= (rbac/api/rbac.py RBACPermissionViewSet: IsAuthenticated,
 * PermissionFilter.filter_role). The double has one token; its user is a superuser unless a test narrows it.
 */
import type { ApiContext, ApiResult, Route } from "./api";
import { paginate, validationError } from "./http";

/** The token's user: a superuser (authentik's akadmin), or a user whose one role holds `permissions`. */
export interface TokenUser {
  username: string;
  superuser: boolean;
  /** `<app_label>.<codename>` of the role's global permissions (ignored for a superuser). */
  permissions: string[];
}

export const ADMIN: TokenUser = { username: "akadmin", superuser: true, permissions: [] };
/** The pk of the token user's one role (a non-superuser's), as rbac/models.py Role.uuid. */
export const TOKEN_ROLE = "5d3c1b2a-9e8f-4a7b-8c6d-0e1f2a3b4c5d";

function me(user: TokenUser): ApiResult {
  const roles = user.superuser ? [] : [{ name: "minio-sso deployer", pk: TOKEN_ROLE }];
  return {
    status: 200,
    body: {
      user: {
        pk: 1,
        username: user.username,
        name: user.username,
        is_active: true,
        is_superuser: user.superuser,
        groups: user.superuser ? [{ name: "authentik Admins", pk: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0" }] : [],
        roles,
        email: `${user.username}@example.com`,
        avatar: "",
        uid: "0".repeat(64),
        settings: {},
        type: "internal",
        system_permissions: [],
      },
    },
  };
}

function permissions(user: TokenUser, ctx: ApiContext): ApiResult {
  const role = ctx.req.query.get("role");
  // ModelChoiceFilter on Role: an unknown pk is a validation error, as django-filter answers it.
  if (role !== null && role !== "" && (user.superuser || role !== TOKEN_ROLE)) {
    throw validationError({ role: ["Select a valid choice. That choice is not one of the available choices."] });
  }
  const held = role ? user.permissions : [];
  const items = held.map((p, i) => {
    const [app, codename] = p.split(".");
    const model = codename.replace(/^(add|view|change|delete)_/, "");
    return { id: i + 1, name: codename, codename, model, app_label: app, app_label_verbose: app, model_verbose: model };
  });
  return { status: 200, body: paginate(items, ctx.req.query) };
}

export function userRoutes(tokenUser: () => TokenUser): Route[] {
  return [
    { method: "GET", template: "/core/users/me/", handler: () => me(tokenUser()) },
    { method: "GET", template: "/rbac/permissions/", handler: (ctx) => permissions(tokenUser(), ctx) },
  ];
}
