// The policy pack: `pulumi preview --policy-pack policy` (from the repository root) runs it beside the program.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, POLICIES } from "./rules";

new PolicyPack(PACK_NAME, { enforcementLevel: "mandatory", policies: POLICIES });
