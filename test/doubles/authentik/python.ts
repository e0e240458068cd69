/**
 * Runs evaluator.py with python3. The request travels as JSON on stdin (no shell, nothing from it in argv);
 * the process is killed when it runs longer than the bound.
 */
import { spawn } from "node:child_process";
import { fromRoot } from "../../support/paths";

const SCRIPT = fromRoot("test/doubles/authentik/evaluator.py");

/** Whole-process bound; single expressions are also bounded inside python (EXPRESSION_TIMEOUT_S). */
export const PYTHON_TIMEOUT_MS = 10_000;
export const EXPRESSION_TIMEOUT_S = 2;

export function runPython<T>(request: Record<string, unknown>, timeoutMs = PYTHON_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // -I: ignore PYTHON* variables and user site; -B: no __pycache__ next to the script.
    // A minimal environment: expressions must not see the test process's variables (which may hold secrets).
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8" };
    const child = spawn("python3", ["-I", "-B", SCRIPT], { stdio: ["pipe", "pipe", "pipe"], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start python3: ${e.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) return reject(new Error(`python3 evaluator exceeded ${timeoutMs} ms`));
      if (code !== 0) {
        const last = Buffer.concat(err).toString("utf8").trim().split("\n").pop() ?? "";
        return reject(new Error(`python3 evaluator exited with ${code}: ${last}`));
      }
      try {
        resolve(JSON.parse(Buffer.concat(out).toString("utf8")) as T);
      } catch (e) {
        reject(new Error(`python3 evaluator answered no JSON: ${(e as Error).message}`));
      }
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify(request));
  });
}

/** Compile an expression the way PropertyMappingSerializer.validate_expression does; returns the error or null. */
export async function compileExpression(expression: string, filename: string): Promise<string | null> {
  const answer = await runPython<{ error: string | null }>({ op: "compile", expression, filename, args: ["request"] });
  return answer.error;
}

/** Indexes of patterns Python's re module cannot compile. */
export async function invalidRegexes(patterns: string[]): Promise<number[]> {
  if (patterns.length === 0) return [];
  return (await runPython<{ invalid: number[] }>({ op: "regex_compile", patterns })).invalid;
}

/** re.fullmatch of any pattern against value (patterns that do not compile are skipped, as authentik does). */
export async function anyFullmatch(patterns: string[], value: string): Promise<boolean> {
  if (patterns.length === 0) return false;
  return (await runPython<{ matched: boolean }>({ op: "regex_fullmatch", patterns, value })).matched;
}

export interface EvaluationResult {
  claims: Record<string, unknown>;
  failures: Array<{ name: string; error: string }>;
  logs: Array<Record<string, string>>;
  /** Per mapping evaluated: the SQL queries of the user's groups its expression made (ak_querysets.py GroupQuery). */
  group_queries: Array<{ name: string; count: number }>;
}
