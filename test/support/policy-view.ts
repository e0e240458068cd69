/**
 * Property bags as @pulumi/policy hands them to a rule: built from the wire form by the framework's own
 * deserializer and, as in every Analyze call, behind its unknown-checking proxy (internal modules, typed here).
 * Put UNKNOWN anywhere in the wire form for a value the engine does not know yet.
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

/** What a rule receives for these wire-form properties. */
export function policyView(wire: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(deserializeProperties(Struct.fromJavaScript(wire as never), false));
}
