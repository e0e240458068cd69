import * as pulumi from "@pulumi/pulumi";
import type { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { PREVIEW_CHECKS_VAR } from "../../components/minio-openid";
import { isSecretWrapper, resolveOutput, Resolved, secretWrapper, unwrapSecrets } from "./values";

/** What the mock sees of a resource when it builds the resource's state. */
export interface MockedResource {
  type: string;
  name: string;
  /** Inputs as deserialized by the mock monitor (secret values still wrapped). */
  inputs: Record<string, unknown>;
  custom: boolean;
}

/** Extra output properties (beyond the echoed inputs) the mock returns for a declared type, e.g. `stdout`. */
export type ResourceOutputs = (res: MockedResource) => Record<string, unknown>;

/** Everything a test allows the program to do; anything else makes the run fail. */
export interface Expectations {
  /** Declared resource types (components too) -> extra outputs, or null to echo the inputs only. */
  resources: Record<string, ResourceOutputs | null>;
  /** Resource types whose id is not the mock's default `<name>-id` (authentik's OAuth2 provider has numeric ids). */
  ids?: Record<string, (res: MockedResource) => string>;
  /** Declared invoke tokens -> result. */
  invokes?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
  /** Run as `pulumi preview` (`isDryRun()` true). Defaults to false. */
  preview?: boolean;
  /** Stack config, keys as "project:key" (the mocks' project is "project"); replaces earlier runs' config. */
  config?: Record<string, string>;
  /** The keys of `config` that are secret. */
  secretConfigKeys?: string[];
  /**
   * Let the program read MinIO at its endpoint (the never-clobber check at preview). Off by default: a mock run has
   * no MinIO, and a test endpoint may be anybody's address; the tests of the check start a MinIO double.
   */
  minioChecks?: boolean;
}

/** Resource options as the SDK sent them to the engine. */
export interface RecordedOptions {
  deleteBeforeReplace: boolean | undefined;
  additionalSecretOutputs: string[];
  ignoreChanges: string[];
  replaceOnChanges: string[];
  protect: boolean | undefined;
  retainOnDelete: boolean | undefined;
  /** Provider reference ("urn::id"), "" for the default provider. */
  provider: string;
}

/** One resource registration, as the engine would have received it. */
export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  /** Filled once the mock monitor answered; "" if the registration failed. */
  urn: string;
  /** Parent URN, "" for none. */
  parent: string;
  /** URNs of every direct dependency (dependsOn and resources behind input Outputs). */
  dependencies: string[];
  /** Input property -> URNs it depends on. */
  propertyDependencies: Record<string, string[]>;
  /** Inputs with secret wrappers removed (see secretPaths); in preview, unknowns are `pulumi.runtime.unknownValue`. */
  inputs: Record<string, unknown>;
  /** Dotted paths of the inputs that were Pulumi secrets. */
  secretPaths: string[];
  /** The inputs exactly as the engine received them: secret wrappers and unknown markers included. */
  wire: Record<string, unknown>;
  /** The state the mock answered with (the resource's outputs, secrets wrapped); undefined until answered. */
  state: Record<string, unknown> | undefined;
  options: RecordedOptions;
}

/** One invoke the program made. */
export interface RecordedInvoke {
  token: string;
  /** Provider reference ("urn::id") the invoke went through, "" for the default provider. */
  provider: string;
  inputs: Record<string, unknown>;
  secretPaths: string[];
}

/** The result of {@link runWithMocks}. */
export interface MockRun<T> {
  /** The program's returned values, resolved, with their secretness. */
  outputs: { [K in keyof T]: Resolved<pulumi.Unwrap<T[K]>> };
  /**
   * In preview, the returned values not wholly known yet (left out of `outputs`), with their secretness. A value
   * only partly unknown is listed here whole; the engine would send its known parts.
   */
  unknownOutputs: Record<string, { secret: boolean }>;
  resources: RecordedResource[];
  invokes: RecordedInvoke[];
  /** The one resource with this type and name; throws if there is not exactly one. */
  find(type: string, name: string): RecordedResource;
  /** The resource with this URN; throws if none. */
  byUrn(urn: string): RecordedResource;
  /** All resources of a type, in registration order. */
  ofType(type: string): RecordedResource[];
}

/** Thrown by {@link runWithMocks} when the program used an undeclared resource type or invoke token. */
export class UndeclaredUseError extends Error {}

/** True when the input at `path` (or a value containing it) was a Pulumi secret. */
export function isSecretInput(res: RecordedResource, path: string): boolean {
  return res.secretPaths.some((p) => p === "" || p === path || path.startsWith(p + "."));
}

type Callback = (err: Error | null, resp?: { getUrn(): string }) => void;
interface PatchableMonitor {
  registerResource(req: RegisterResourceRequest, cb: Callback): void;
}

function recordRequest(req: RegisterResourceRequest): RecordedResource {
  // The wire form keeps secretness per nested value; deserializeProperties (what the mock's newResource gets)
  // lifts it to the whole top-level property, so record from the raw struct.
  const wire = (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
  const { plain, secretPaths } = unwrapSecrets(wire);
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = deps.getUrnsList();
  });
  return {
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    urn: "",
    parent: req.getParent(),
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    inputs: plain as Record<string, unknown>,
    secretPaths,
    wire,
    state: undefined,
    options: {
      deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      ignoreChanges: req.getIgnorechangesList(),
      replaceOnChanges: req.getReplaceonchangesList(),
      protect: req.hasProtect() ? req.getProtect() : undefined,
      retainOnDelete: req.hasRetainondelete() ? req.getRetainondelete() : undefined,
      provider: req.getProvider(),
    },
  };
}

/**
 * Sets fresh mocks, runs `program`, waits for every registration to finish and returns what was registered and
 * the program's resolved return values. Undeclared resource types and invoke tokens make the mock throw (so the
 * registration or invoke fails, which fails the calling test) and make this function reject.
 * Call it once per program run; each call replaces the previous mocks.
 */
export async function runWithMocks<T extends Record<string, unknown>>(
  expect: Expectations,
  program: () => T | Promise<T>,
): Promise<MockRun<T>> {
  const resources: RecordedResource[] = [];
  const invokes: RecordedInvoke[] = [];
  const undeclared: string[] = [];
  const waiting = new Map<string, RecordedResource[]>();
  const key = (type: string, name: string) => `${type}\u0000${name}`;

  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      const record = waiting.get(key(args.type, args.name))?.shift();
      const outputs = expect.resources[args.type];
      if (outputs === undefined) {
        undeclared.push(`resource type ${args.type} ("${args.name}")`);
        throw new Error(`mock harness: undeclared resource type ${args.type} for "${args.name}"`);
      }
      const mocked = { type: args.type, name: args.name, inputs: args.inputs, custom: args.custom ?? false };
      const state: Record<string, unknown> = { ...args.inputs, ...(outputs ? outputs(mocked) : {}) };
      // The real engine encrypts additionalSecretOutputs; the mock monitor ignores them, so do it here.
      for (const prop of record?.options.additionalSecretOutputs ?? []) {
        if (prop in state && !isSecretWrapper(state[prop])) state[prop] = secretWrapper(state[prop]);
      }
      if (record) record.state = state;
      const id = expect.ids?.[args.type]?.(mocked) ?? `${args.name}-id`;
      return { id: args.custom ? id : undefined, state };
    },
    call(args) {
      const { plain, secretPaths } = unwrapSecrets(args.inputs);
      invokes.push({
        token: args.token,
        provider: args.provider ?? "",
        inputs: plain as Record<string, unknown>,
        secretPaths,
      });
      const result = expect.invokes?.[args.token];
      if (result === undefined) {
        undeclared.push(`invoke ${args.token}`);
        const message = `mock harness: undeclared invoke ${args.token}`;
        // The SDK rebuilds a failed invoke's error from the gRPC `details` field alone.
        throw Object.assign(new Error(message), { details: message });
      }
      return result(args.inputs);
    },
  };

  await pulumi.runtime.setMocks(mocks, "project", "stack", expect.preview ?? false);
  pulumi.runtime.setAllConfig(expect.config ?? {}, expect.secretConfigKeys ?? []);
  const monitor = pulumi.runtime.getMonitor() as unknown as PatchableMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const record = recordRequest(req);
    resources.push(record);
    const k = key(record.type, record.name);
    waiting.set(k, [...(waiting.get(k) ?? []), record]);
    register(req, (err, resp) => {
      if (!err && resp) record.urn = resp.getUrn();
      cb(err, resp);
    });
  };

  let returned: T | undefined;
  const checks = process.env[PREVIEW_CHECKS_VAR];
  if (!expect.minioChecks) process.env[PREVIEW_CHECKS_VAR] = "off";
  const failures = await asTheRuntimeReportsRejections(async () => {
    try {
      returned = await program();
    } finally {
      // Drains the SDK's RPC queue: every registration (and registerOutputs) has been answered after this.
      await pulumi.runtime.disconnect();
      if (checks === undefined) delete process.env[PREVIEW_CHECKS_VAR];
      else process.env[PREVIEW_CHECKS_VAR] = checks;
    }
  });
  if (undeclared.length > 0) throw new UndeclaredUseError(`mock harness: undeclared ${undeclared.join("; ")}`);
  // The engine would print each failure once and fail the run; the first stands for the run here.
  if (failures.length > 0) throw failures[0];

  const outputs: Record<string, unknown> = {};
  const unknownOutputs: Record<string, { secret: boolean }> = {};
  for (const [name, value] of Object.entries(returned as T)) {
    const output = pulumi.output(value as pulumi.Input<unknown>);
    try {
      outputs[name] = await resolveOutput(output);
    } catch (err) {
      // Only a preview may leave a returned value unknown; in an update that is the program's bug.
      if (!expect.preview) throw err;
      unknownOutputs[name] = { secret: await pulumi.isSecret(output) };
    }
  }
  const ofType = (type: string) => resources.filter((r) => r.type === type);
  return {
    outputs: outputs as MockRun<T>["outputs"],
    unknownOutputs,
    resources,
    invokes,
    ofType,
    find(type, name) {
      const found = ofType(type).filter((r) => r.name === name);
      if (found.length !== 1) throw new Error(`expected one ${type} named "${name}", found ${found.length}`);
      return found[0];
    },
    byUrn(urn) {
      const found = resources.find((r) => r.urn === urn);
      if (!found) throw new Error(`no resource with URN ${urn}`);
      return found;
    },
  };
}

/**
 * Runs `body` the way Pulumi's Node.js runtime treats rejections nobody awaits (@pulumi/pulumi cmd/run/run.js): an
 * input that fails rejects every output that depends on it, with the same error, and the runtime reports each
 * distinct error once. Returns those errors, in the order they first surfaced.
 */
async function asTheRuntimeReportsRejections(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const record = (reason: unknown) => {
    if (!seen.includes(reason)) seen.push(reason);
  };
  const others = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", record);
  try {
    await body();
    // Rejections are reported after the microtasks that produced them: let the last ones surface.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.removeListener("unhandledRejection", record);
    for (const listener of others) process.on("unhandledRejection", listener);
  }
  return seen;
}
