/**
 * Checks a statement's "Resource" / "NotResource" as MinIO reads them: github.com/minio/pkg v3.1.3
 * policy/resourceset.go (ResourceSet.UnmarshalJSON, ValidateS3, ValidateKMS) and policy/resource.go (parseResource,
 * Resource.IsValid). Admin and STS statements only need the ARNs to parse. Pure module.
 */
import { quote } from "./config-rules";
import type { ActionKind } from "./minio-policy-grammar";
import type { Problem } from "./policy-condition";

export const RESOURCE_FIX =
  'write S3 resources as "arn:aws:s3:::BUCKET" (the bucket) or "arn:aws:s3:::BUCKET/*" (its objects), or "*"';

const present = (v: unknown) => v !== undefined && v !== null;

type ParsedResource = { type: "s3" | "kms" | "all"; pattern: string };

/** resource.go parseResource: "arn:aws:s3:::", "arn:minio:kms:::" or "*" prefix (an exact prefix alone is "all"). */
function parseResource(s: string): ParsedResource | undefined {
  if (s === "*" || s === "arn:aws:s3:::" || s === "arn:minio:kms:::") return { type: "all", pattern: s };
  if (s.startsWith("arn:aws:s3:::")) return { type: "s3", pattern: s.slice(13) };
  if (s.startsWith("arn:minio:kms:::")) return { type: "kms", pattern: s.slice(16) };
  if (s.startsWith("*")) return { type: "all", pattern: s.slice(1) };
  return undefined;
}

/** ResourceSet.UnmarshalJSON, then ValidateS3 / ValidateKMS (Resource.IsValid) for S3 and KMS statements. */
export function resourceProblems(
  field: string,
  raw: unknown,
  kind: ActionKind,
): { problems: Problem[]; count: number } {
  if (!present(raw)) return { problems: [], count: 0 };
  const list = typeof raw === "string" ? [raw] : raw;
  if (!Array.isArray(list) || !list.every((r) => typeof r === "string")) {
    return {
      problems: [{ message: `${quote(field)} must be a resource ARN or a list of them.`, fix: RESOURCE_FIX }],
      count: 0,
    };
  }
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const s of new Set(list as string[])) {
    const r = parseResource(s);
    if (r === undefined) {
      problems.push({ message: `resource ${quote(s)} is not an ARN MinIO knows.`, fix: RESOURCE_FIX });
      continue;
    }
    if (r.pattern.startsWith("/")) {
      problems.push({
        message: `resource ${quote(s)} starts with "/" after the prefix, so it matches no bucket.`,
        fix: 'remove that "/"',
      });
      continue;
    }
    const id = `${r.type}:${r.pattern}`;
    const first = seen.get(id);
    if (first !== undefined) {
      problems.push({
        message: `resources ${quote(first)} and ${quote(s)} are the same resource to MinIO.`,
        fix: "list it once",
      });
    }
    seen.set(id, s);
    // An "all" resource counts as S3 and KMS at once, so it must also satisfy the KMS rule.
    const kmsSafe = !/[/\\.]/.test(r.pattern);
    if (kind === "s3" && r.type === "kms") {
      problems.push({
        message: `resource ${quote(s)} is a KMS key, but the statement has S3 actions.`,
        fix: RESOURCE_FIX,
      });
    } else if (kind === "kms" && r.type === "s3") {
      problems.push({
        message: `resource ${quote(s)} is an S3 resource, but the statement has KMS actions.`,
        fix: 'write KMS keys as "arn:minio:kms:::KEY" or "*"',
      });
    } else if ((kind === "kms" || r.type === "all") && (kind === "s3" || kind === "kms") && !kmsSafe) {
      const fix = r.type === "all" ? `write it as "arn:aws:s3:::${s}"` : 'remove "/", "\\" and "." from the key name';
      problems.push({
        message: `resource ${quote(s)} has "/", "\\" or "." in a pattern MinIO reads as a KMS key name.`,
        fix,
      });
    }
  }
  return { problems, count: seen.size };
}
