// Post-deploy verify: `node dist/verify/cli.js --stack NAME [...]` (npm run verify -- --stack NAME).
// Prints the report on stdout; exit 0 when every check passes, 1 on any mismatch, 2 on bad input. See run.ts.
import { runVerify } from "./run";

export { runVerify };

if (require.main === module) {
  void runVerify(process.argv.slice(2), process.env, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
