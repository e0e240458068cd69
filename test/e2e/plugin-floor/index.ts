// One resource through each plugin the job cannot do without (authentik through the Terraform bridge, and
// command), with constant inputs, no lookup and no dependency between them, so the two plugins start side by
// side. A no-op preview of any program that declares the job costs at least this much.
import * as authentik from "@pulumi/authentik";
import * as command from "@pulumi/command";

new authentik.PropertyMappingProviderScope("floor", {
  name: "bench plugin floor",
  scopeName: "bench-floor",
  expression: "return {}",
});
new command.local.Command("floor", { create: "true" });
