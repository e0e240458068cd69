import * as fs from "node:fs";
import * as path from "node:path";

/** The checkout's root, found from wherever the compiled test runs (dist/ or a private outDir). */
export const repoRoot: string = (() => {
  for (const start of [process.cwd(), __dirname]) {
    let dir = start;
    for (;;) {
      const pkg = path.join(dir, "package.json");
      if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "minio-authentik-sso") return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error("cannot find the minio-authentik-sso checkout root");
})();

/** A path inside the checkout. */
export function fromRoot(...parts: string[]): string {
  return path.join(repoRoot, ...parts);
}
