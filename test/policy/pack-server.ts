/**
 * Runs the policy pack the way the engine does and talks to it over the Analyzer gRPC service. The nodejs language
 * host starts a policy pack as `node <@pulumi/pulumi>/cmd/run-policy-pack <engine address> <pack directory>` (its
 * RunPlugin, kind analyzer), which compiles the TypeScript with type checks, serves, and prints the port first.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeDiagnostic,
  AnalyzeRequest,
  AnalyzeResponse,
  AnalyzeStackRequest,
  AnalyzerInfo,
  AnalyzerResource,
  EnforcementLevel,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { fromRoot } from "../support/paths";

/** One diagnostic, with the enforcement level as the pack's own word for it. */
export interface Diagnostic {
  policy: string;
  level: "advisory" | "mandatory" | "remediate" | "disabled";
  /** The policy's description, which the framework puts on the message's first line. */
  description: string;
  /** What the policy reported, without that first line. */
  message: string;
  urn: string;
}

const LEVELS: Record<number, Diagnostic["level"]> = {
  [EnforcementLevel.ADVISORY]: "advisory",
  [EnforcementLevel.MANDATORY]: "mandatory",
  [EnforcementLevel.REMEDIATE]: "remediate",
  [EnforcementLevel.DISABLED]: "disabled",
};

function toDiagnostic(d: AnalyzeDiagnostic): Diagnostic {
  const description = d.getDescription();
  const full = d.getMessage();
  return {
    policy: d.getPolicyname(),
    level: LEVELS[d.getEnforcementlevel()],
    description,
    message: full.startsWith(`${description}\n`) ? full.slice(description.length + 1) : full,
    urn: d.getUrn(),
  };
}

export interface PackServer {
  info(): Promise<AnalyzerInfo>;
  analyze(req: AnalyzeRequest): Promise<Diagnostic[]>;
  analyzeStack(resources: AnalyzerResource[]): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

function call<Req, Res>(
  method: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown,
  req: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => method(req, (err, res) => (err ? reject(err) : resolve(res))));
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk) => (err += chunk));
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve(Number(line.trim()));
    });
    child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before serving: ${err.trim()}`)));
  });
}

/** Starts policy/ as `pulumi preview --policy-pack policy` would. The launcher ignores the engine address. */
export async function startPack(): Promise<PackServer> {
  const packDir = fromRoot("policy");
  const launcher = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  const child = spawn(process.execPath, [launcher, "127.0.0.1:0", packDir], {
    cwd: packDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let port: number;
  try {
    port = await readPort(child);
  } catch (err) {
    child.kill();
    throw err;
  }
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const diagnostics = (res: AnalyzeResponse) => res.getDiagnosticsList().map(toDiagnostic);
  return {
    info: () => call(client.getAnalyzerInfo.bind(client), new Empty()),
    analyze: async (req) => diagnostics(await call(client.analyze.bind(client), req)),
    analyzeStack: async (resources) =>
      diagnostics(await call(client.analyzeStack.bind(client), new AnalyzeStackRequest().setResourcesList(resources))),
    stop: async () => {
      client.close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    },
  };
}
