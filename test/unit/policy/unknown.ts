/**
 * Property bags as @pulumi/policy hands them to a rule during preview: built from the wire form, with the engine's
 * "unknown" sentinel, by the framework's own deserializer and unknown-checking proxy (internal modules, so typed here).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The engine's marker for a value not known until the update runs (UnknownStringValue in the engine's rpc.go). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
  deserializeProperties(props: Struct, proxySecrets: boolean): Record<string, unknown>;
};
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(props: T): T;
};

/** `known` plus each of `unknownKeys` set to the unknown marker, as a rule sees it during preview. */
export function unknownProxy(known: Record<string, unknown>, unknownKeys: readonly string[]): Record<string, unknown> {
  const wire = { ...known, ...Object.fromEntries(unknownKeys.map((k) => [k, UNKNOWN])) };
  return unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(wire as never), false));
}
