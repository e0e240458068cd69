/**
 * Builds the Analyzer requests the engine sends a policy pack: per resource before a step (the checked inputs) and
 * for the whole stack afterwards (every resource's outputs, the root Stack's being the stack outputs).
 * Secrets travel wrapped in the secret signature and unknowns as the engine's marker, as on the real wire.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pulumi from "@pulumi/pulumi";
import { AnalyzeRequest, AnalyzerResource, AnalyzerResourceOptions } from "@pulumi/pulumi/proto/analyzer_pb";
import { TYPES } from "../../policy/checks";
import type { MockRun, RecordedResource } from "../mocks/harness";
import { UNKNOWN } from "../support/policy-view";

const PROJECT = "minio-authentik-sso";

/** A resource as the analyzer sees it. */
export interface WireResource {
  type: string;
  name: string;
  urn: string;
  /** Properties in wire form (see secret()). */
  props: Record<string, unknown>;
  additionalSecretOutputs?: string[];
  parent?: string;
}

/** The engine's wire form of a secret value. */
export function secret(value: unknown): Record<string, unknown> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

/** The URN the engine gives a top-level resource of `type` named `name` in `stack`. */
export function urnOf(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

/** Struct cannot hold `undefined`; the engine drops such properties too. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}

function struct(props: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(withoutUndefined(props) as Parameters<typeof Struct.fromJavaScript>[0]);
}

function options(res: WireResource): AnalyzerResourceOptions {
  const opts = new AnalyzerResourceOptions().setAdditionalsecretoutputsList(res.additionalSecretOutputs ?? []);
  if (res.parent) opts.setParent(res.parent);
  return opts;
}

/** What Analyze gets for one resource: its checked inputs, before the step. */
export function analyzeRequest(res: WireResource): AnalyzeRequest {
  return new AnalyzeRequest()
    .setType(res.type)
    .setName(res.name)
    .setUrn(res.urn)
    .setProperties(struct(res.props))
    .setOptions(options(res));
}

/** What AnalyzeStack gets for one resource: its outputs (in preview, its inputs), after all steps. */
export function stackResource(res: WireResource): AnalyzerResource {
  return new AnalyzerResource()
    .setType(res.type)
    .setName(res.name)
    .setUrn(res.urn)
    .setProperties(struct(res.props))
    .setOptions(options(res))
    .setParent(res.parent ?? "");
}

/** A resource the mock harness recorded, with its inputs (before the step) or its answered state (after). */
export function fromRecord(rec: RecordedResource, side: "inputs" | "outputs"): WireResource {
  const props = side === "inputs" ? rec.wire : rec.state;
  if (props === undefined) throw new Error(`${rec.type} "${rec.name}" was never answered`);
  return {
    type: rec.type,
    name: rec.name,
    urn: rec.urn,
    props,
    additionalSecretOutputs: rec.options.additionalSecretOutputs,
    parent: rec.parent,
  };
}

/** The root Stack resource, whose properties are the stack outputs (secret ones wrapped, unknown ones marked). */
export function rootStack(stack: string, run: Pick<MockRun<object>, "outputs" | "unknownOutputs">): WireResource {
  const outputs = run.outputs as Record<string, { value: unknown; secret: boolean }>;
  const props: Record<string, unknown> = {};
  for (const [k, o] of Object.entries(outputs)) props[k] = o.secret ? secret(o.value) : o.value;
  for (const [k, o] of Object.entries(run.unknownOutputs)) props[k] = o.secret ? secret(UNKNOWN) : UNKNOWN;
  const name = `${PROJECT}-${stack}`;
  return { type: TYPES.stack, name, urn: urnOf(stack, TYPES.stack, name), props };
}
