// `node dist/adopt/cli.js --stack NAME [--dry-run]` (npm run adopt -- --stack NAME). See run.ts.
import { runAdopt } from "./run";

if (require.main === module) {
  void runAdopt(process.argv.slice(2), process.env, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
