/**
 * Differential check of the policy pack's https rule (policy/urls.ts) against Go's net/url, the parser MinIO
 * applies to identity_openid's URLs. Every URL the rule accepts must be read by Go as https with a host, or as
 * http to a loopback host, and never with credentials or as an opaque URL. The corpus is hand-picked edge cases plus
 * a fixed-seed fast-check sample of URL-like strings; it must hold enough accepted and refused inputs to mean
 * something. Run by test/urlcheck/run.sh (which compiles this file and passes the goparse directory); exits 1 on
 * any disagreement.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import fc from "fast-check";
import { httpsProblem } from "../../policy/urls";
import { piece, urlLike as urlLikeFrom } from "../support/url-like";

interface GoReading {
  input: string;
  ok: boolean;
  scheme: string;
  host: string;
  user: boolean;
  opaque: boolean;
  loopback: boolean;
}

const HAND_PICKED = [
  "https://auth.example.test/application/o/minio/.well-known/openid-configuration",
  "http://127.0.0.1:9000/",
  "http://localhost:9001/oauth_callback",
  "http://[::1]:9001/oauth_callback",
  "http://127.1/",
  "http://2130706433/",
  "http://0x7f.0.0.1/",
  "http://0177.0.0.1/",
  "http://127.0.0.01/",
  "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",
  "http://local\u00adhost/",
  "http://localhost\\@evil.example.test/",
  "http://localhost@evil.example.test/",
  "http://127.0.0.1:80@evil.example.test/",
  "https://user:pw@auth.example.test/",
  "https:auth.example.test",
  "https:/auth.example.test",
  "HTTPS://AUTH.EXAMPLE.TEST/",
  "http://[::ffff:127.0.0.1]/",
  "http://localhost./",
  "https://@auth.example.test/",
  "https://auth.example.test/%In",
  "https://127}.0.0.1/",
  "https://auth.example.test/ ",
];

/** URL-like strings built from parts where parsers are known to differ, sometimes with random noise spliced in. */
const urlLike = urlLikeFrom(
  [
    piece(["https", "HTTPS", "http", "HtTp"], ["ftp", "", "https ", "h\ttp", "https+x"]),
    piece(["://"], [":/", ":", ":\\\\", "://user:pw@", "://@", "://user@", ":///"]),
    piece(
      ["localhost", "LOCALHOST", "127.0.0.1", "127.10.0.254", "[::1]", "auth.example.test", "xn--80ak6aa92e.test"],
      [
        "localhost.",
        "127.1",
        "127.0.0.01",
        "2130706433",
        "0x7f.0.0.1",
        "[::ffff:127.0.0.1]",
        "[0:0:0:0:0:0:0:1]",
        "\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54",
        "127.0.0.1.nip.io",
        "a_b.test",
        "",
      ],
    ),
    piece(["", ":80", ":9000"], [":", ":99999", ":0x50", ":-1"]),
    piece(["/", "/cb", "", "?q=1", "#f", "/%2e%2e/", "/a%20b"], ["/a b", "/\\x", "@evil.test/", "/%zz", "/%"]),
  ],
  40,
);

function goReadings(goparseDir: string, inputs: string[]): GoReading[] {
  const run = spawnSync("go", ["run", "."], {
    cwd: goparseDir,
    input: JSON.stringify(inputs),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`go run failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as GoReading[];
}

/** Why Go's reading contradicts the rule's acceptance, or undefined when it agrees. */
function disagreement(r: GoReading): string | undefined {
  if (!r.ok) return "Go cannot parse it";
  if (r.opaque) return "Go reads it as an opaque URL (no host)";
  if (r.user) return "Go finds credentials in it";
  if (r.host === "") return "Go finds no host";
  if (r.scheme === "https") return undefined;
  if (r.scheme === "http" && r.loopback) return undefined;
  return `Go reads scheme ${JSON.stringify(r.scheme)} and host ${JSON.stringify(r.host)}`;
}

function main(goparseDir: string): void {
  const sample = fc.sample(urlLike, { numRuns: 4000, seed: 20261129 });
  const inputs = [...new Set([...HAND_PICKED, ...sample])];
  const readings = goReadings(goparseDir, inputs);
  let accepted = 0;
  const failures: string[] = [];
  readings.forEach((r, i) => {
    if (r.input !== inputs[i]) throw new Error(`goparse answered out of order at ${i}`);
    if (httpsProblem("u", r.input) !== undefined) return;
    accepted++;
    const why = disagreement(r);
    if (why) failures.push(`${JSON.stringify(r.input)}: accepted by the policy, but ${why}`);
  });
  const refused = inputs.length - accepted;
  console.log(
    `urlcheck: ${inputs.length} inputs, ${accepted} accepted, ${refused} refused, ${failures.length} disagreements`,
  );
  if (accepted < 300 || refused < 300) failures.push(`corpus too one-sided (${accepted} accepted, ${refused} refused)`);
  for (const f of failures) console.error(`urlcheck: ${f}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main(path.resolve(process.argv[2] ?? "test/urlcheck/goparse"));
