/**
 * The Terraform plugin SDK and Go behaviours terraform-provider-authentik v2026.5.0 relies on, restated in
 * TypeScript (facts read from TFP pkg/helpers/{list,wrapper,resource}.go and Go's net/url, encoding/json):
 * query encoding, ListConsistentMerge, how `d.Get` plans a value, and whether the next plan shows a change.
 */
import { isDeepStrictEqual } from "node:util";

export type Obj = Record<string, unknown>;

/** Go's url.QueryEscape: everything but [A-Za-z0-9-_.~] percent-encoded, space as "+". */
function queryEscape(s: string): string {
  let out = "";
  for (const byte of Buffer.from(s, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Go's url.Values.Encode(): keys sorted, repeated keys kept in insertion order. */
export function goQuery(pairs: Array<[string, string]>): string {
  const keys = [...new Set(pairs.map(([k]) => k))].sort();
  return keys
    .flatMap((k) => pairs.filter(([key]) => key === k).map(([, v]) => `${queryEscape(k)}=${queryEscape(v)}`))
    .join("&");
}

/** helpers.ListConsistentMerge: known items keep their configured order, items new to the config are appended. */
export function consistentMerge<T>(old: T[], fresh: T[], same: (a: T, b: T) => boolean = isDeepStrictEqual): T[] {
  const kept: Array<[number, T]> = [];
  const added: T[] = [];
  for (const item of fresh) {
    const at = old.findIndex((o) => same(o, item));
    if (at === -1) added.push(item);
    else kept.push([at, item]);
  }
  return [...kept.sort((a, b) => a[0] - b[0]).map(([, item]) => item), ...added];
}

/** One attribute of a resource schema: default (Optional+Default), computed (Optional+Computed), diff suppression. */
interface Attr {
  default?: unknown;
  computed?: boolean;
  suppress?: (config: unknown, state: unknown) => boolean;
}
export type ResourceSchema = Record<string, Attr>;

const isZero = (v: unknown): boolean =>
  v === undefined || v === null || v === "" || v === false || v === 0 || (Array.isArray(v) && v.length === 0);
/** Set in the configuration (a configured `false` counts; an empty string is the SDK's "not set"). */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== "";

/** Attributes whose planned value differs from the state (the SDK's diff, without ForceNew: none is used here). */
export function planDiff(schema: ResourceSchema, config: Obj, state: Obj): string[] {
  const changed: string[] = [];
  for (const [name, attr] of Object.entries(schema)) {
    const wanted = isSet(config[name]) ? config[name] : attr.default;
    if (wanted === undefined) {
      if (!attr.computed && !isZero(state[name])) changed.push(name);
      continue;
    }
    if (attr.suppress?.(wanted, state[name])) continue;
    if (!isDeepStrictEqual(wanted, state[name])) changed.push(name);
  }
  return changed;
}

export const str = (v: unknown): string => (typeof v === "string" ? v : "");
/** helpers.GetP on a string: present only when non-empty. */
export const optional = (key: string, v: unknown): Obj => (str(v) !== "" ? { [key]: v } : {});

/** Go json.Marshal of a map: keys sorted at every level. */
export function goJson(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(sort)
      : x !== null && typeof x === "object"
        ? Object.fromEntries(
            Object.entries(x as Obj)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, val]) => [k, sort(val)]),
          )
        : x;
  return JSON.stringify(sort(v ?? null));
}

/** The value `d.Get` sees while planning: config, else the schema default, else (Computed) the prior state. */
export function planned(schema: ResourceSchema, config: Obj, prior: Obj | undefined, key: string): unknown {
  if (isSet(config[key])) return config[key];
  if (schema[key].default !== undefined) return schema[key].default;
  return schema[key].computed ? prior?.[key] : undefined;
}

/** Every attribute as `d` holds it between plan and apply (what a read after create/update merges lists against). */
export function plannedAll(schema: ResourceSchema, config: Obj, prior?: Obj): Obj {
  return Object.fromEntries(Object.keys(schema).map((key) => [key, planned(schema, config, prior, key)]));
}
