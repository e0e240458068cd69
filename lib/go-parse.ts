/**
 * The Go standard-library parsers MinIO's policy conditions use on their values, as predicates: does Go accept
 * this text? Pure module (node:net only). Each follows the Go function named in its comment; the accepted forms
 * were checked against Go 1.26's own functions.
 */
import { isIPv4, isIPv6 } from "node:net";

/** strconv.ParseBool. */
export function goParseBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi on 64-bit: optional sign, ASCII decimal digits, within int64. */
export function goAtoiOk(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** A JSON number Go decodes into an `int`: an integer within int64 (JSON.stringify writes 1e21 and up as 1e+21). */
export function goIntOk(n: number): boolean {
  return Number.isInteger(n) && n >= -(2 ** 63) && n < 2 ** 63;
}

const RFC3339 =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:[.,][0-9]+)?(Z|[+-]([0-9]{2}):([0-9]{2}))$/;

/**
 * time.Parse(time.RFC3339, s). Go's layout parser takes a one- or two-digit hour, a fraction after the seconds
 * with "." or ",", and a zone offset of at most 24 hours and 60 minutes; it checks the day against the month.
 */
export function goRfc3339Ok(s: string): boolean {
  const m = RFC3339.exec(s);
  if (m === null) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day < 1 || day > (month === 2 && !leap ? 28 : daysInMonth)) return false;
  return m[7] === "Z" || (Number(m[8]) <= 24 && Number(m[9]) <= 60);
}

/** net.ParseCIDR: an IPv4 or IPv6 address (no zone), "/", then decimal prefix bits within the address length. */
export function goCidrOk(s: string): boolean {
  const slash = s.indexOf("/");
  if (slash < 0) return false;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^[0-9]+$/.test(bits) || addr.includes("%")) return false;
  const size = isIPv4(addr) ? 32 : isIPv6(addr) ? 128 : 0;
  return size > 0 && Number(bits) <= size;
}

/** base64.StdEncoding.DecodeString: padded standard alphabet; CR and LF anywhere are skipped. */
export function goBase64Ok(s: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s.replace(/[\r\n]/g, ""));
}

/** The bytes base64.StdEncoding decodes `s` to, read as UTF-8 (only called when goBase64Ok). */
export function goBase64Decode(s: string): string {
  return Buffer.from(s.replace(/[\r\n]/g, ""), "base64").toString("utf8");
}

/** minio-go pkg/s3utils CheckValidBucketName (v7.0.88, the non-strict rule). */
export function goBucketNameOk(name: string): boolean {
  return (
    /^[A-Za-z0-9][A-Za-z0-9._:-]{1,61}[A-Za-z0-9]$/.test(name) &&
    !/^([0-9]+\.){3}[0-9]+$/.test(name) &&
    !name.includes("..") &&
    !name.includes(".-") &&
    !name.includes("-.")
  );
}
