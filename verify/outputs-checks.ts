// The stack outputs against the config they derive from (pure). The program exports the client ID and the
// discovery URL it configured; a difference means the outputs and the config the checks use disagree.
import type { StackConfig } from "../lib/config";
import { compare, type Check, type ReportSection } from "./report";
import type { StackOutputs } from "./stack-data";

/** The section, or undefined when the outputs hold nothing to compare. */
export function outputsSection(config: StackConfig, outputs: StackOutputs): ReportSection | undefined {
  const checks: Check[] = [];
  if (outputs.clientId !== undefined) {
    checks.push(compare("output clientId", config.provider.clientId, outputs.clientId));
  }
  if (outputs.discoveryUrl !== undefined) {
    checks.push(compare("output discoveryUrl", config.oidc.configUrl, outputs.discoveryUrl));
  }
  return checks.length === 0 ? undefined : { title: "Stack outputs against the stack config", checks };
}
