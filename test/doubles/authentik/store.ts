/** In-memory state of the authentik double, with the relations authentik's models enforce. */
import { createHash, randomUUID } from "node:crypto";
import type {
  AccessTokenRecord,
  AppPasswordRecord,
  ApplicationRecord,
  AuthorizationCodeRecord,
  FlowRecord,
  GroupQueryRecord,
  GroupRecord,
  KeyPairRecord,
  ProviderRecord,
  RefreshTokenRecord,
  ScopeMappingRecord,
  UserRecord,
} from "./types";

export class Store {
  readonly installId = randomUUID();
  readonly flows = new Map<string, FlowRecord>();
  readonly keyPairs = new Map<string, KeyPairRecord>();
  readonly scopeMappings = new Map<string, ScopeMappingRecord>();
  readonly providers = new Map<number, ProviderRecord>();
  readonly applications = new Map<string, ApplicationRecord>();
  readonly groups = new Map<string, GroupRecord>();
  readonly users = new Map<number, UserRecord>();
  readonly appPasswords: AppPasswordRecord[] = [];
  readonly codes = new Map<string, AuthorizationCodeRecord>();
  readonly accessTokens = new Map<string, AccessTokenRecord>();
  readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  /** Expressions that raised while claims were built (authentik logs a configuration_error event and goes on). */
  readonly mappingFailures: Array<{ mapping: string; error: string }> = [];
  /** Per mapping evaluation, in order: how many queries of the user's groups the expression made. */
  readonly groupQueries: GroupQueryRecord[] = [];
  private providerSeq = 0;
  private userSeq = 0;
  private groupSeq = 0;

  nextProviderPk(): number {
    return ++this.providerSeq;
  }

  nextGroupNumPk(): number {
    return ++this.groupSeq;
  }

  /** authentik's User.uid: sha256 of "<user id>-<install id>" (core/models.py). */
  uidFor(userPk: number): string {
    return createHash("sha256").update(`${userPk}-${this.installId}`, "ascii").digest("hex");
  }

  createUser(u: { username: string; email?: string; name?: string; password?: string }): UserRecord {
    if ([...this.users.values()].some((x) => x.username === u.username)) {
      throw new Error(`authentik double: user "${u.username}" already exists`);
    }
    const pk = ++this.userSeq;
    const user: UserRecord = {
      pk,
      uuid: randomUUID(),
      uid: this.uidFor(pk),
      username: u.username,
      name: u.name ?? "",
      email: u.email ?? "",
      password: u.password ?? null,
      attributes: {},
      isActive: true,
    };
    this.users.set(pk, user);
    return user;
  }

  userByName(username: string): UserRecord | undefined {
    return [...this.users.values()].find((u) => u.username === username);
  }

  createGroup(name: string): GroupRecord {
    const group: GroupRecord = {
      pk: randomUUID(),
      numPk: this.nextGroupNumPk(),
      name,
      isSuperuser: false,
      parents: [],
      users: [],
      attributes: {},
      roles: [],
    };
    this.groups.set(group.pk, group);
    return group;
  }

  groupByName(name: string): GroupRecord | undefined {
    return [...this.groups.values()].find((g) => g.name === name);
  }

  flowBySlug(slug: string): FlowRecord | undefined {
    return [...this.flows.values()].find((f) => f.slug === slug);
  }

  applicationBySlug(slug: string): ApplicationRecord | undefined {
    return [...this.applications.values()].find((a) => a.slug === slug);
  }

  applicationForProvider(providerPk: number): ApplicationRecord | undefined {
    return [...this.applications.values()].find((a) => a.provider === providerPk);
  }

  providerByClientId(clientId: string): ProviderRecord | undefined {
    return [...this.providers.values()].find((p) => p.clientId === clientId);
  }

  /** Groups the user is a direct member of, by name. */
  directGroups(userPk: number): GroupRecord[] {
    return [...this.groups.values()].filter((g) => g.users.includes(userPk)).sort(byName);
  }

  /** Direct groups plus all their ancestors (authentik's User.all_groups()). */
  allGroups(userPk: number): GroupRecord[] {
    const found = new Map<string, GroupRecord>();
    const visit = (group: GroupRecord): void => {
      if (found.has(group.pk)) return;
      found.set(group.pk, group);
      for (const parent of group.parents) {
        const p = this.groups.get(parent);
        if (p) visit(p);
      }
    };
    this.directGroups(userPk).forEach(visit);
    return [...found.values()].sort(byName);
  }

  /** Scope mappings attached to the provider, ordered by scope_name as authentik queries them. */
  providerScopeMappings(provider: ProviderRecord): ScopeMappingRecord[] {
    return provider.propertyMappings
      .map((pk) => this.scopeMappings.get(pk))
      .filter((m): m is ScopeMappingRecord => m !== undefined)
      .sort((a, b) => cmp(a.scopeName, b.scopeName) || cmp(a.name, b.name));
  }

  deleteScopeMapping(pk: string): void {
    this.scopeMappings.delete(pk);
    for (const p of this.providers.values()) p.propertyMappings = p.propertyMappings.filter((x) => x !== pk);
  }

  /** Deleting a provider nulls application.provider (SET_DEFAULT) and drops its grants. */
  deleteProvider(pk: number): void {
    this.providers.delete(pk);
    for (const app of this.applications.values()) {
      if (app.provider === pk) app.provider = null;
      app.backchannelProviders = app.backchannelProviders.filter((x) => x !== pk);
    }
    for (const [key, code] of this.codes) if (code.providerPk === pk) this.codes.delete(key);
    for (const [key, token] of this.accessTokens) if (token.providerPk === pk) this.accessTokens.delete(key);
    for (const [key, token] of this.refreshTokens) if (token.providerPk === pk) this.refreshTokens.delete(key);
  }

  deleteGroup(pk: string): void {
    this.groups.delete(pk);
    for (const g of this.groups.values()) g.parents = g.parents.filter((x) => x !== pk);
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byName<T extends { name: string }>(a: T, b: T): number {
  return cmp(a.name, b.name);
}
