/**
 * MinIO's IAM policy grammar as data: the actions, condition operators and condition keys MinIO knows, and which
 * condition keys each action accepts. Pure module.
 *
 * Transcribed from github.com/minio/pkg at tag v3.1.3 (commit 63a2eac5884b50aede4df00b84d16060dfd6791d), the
 * version minio/minio pins in go.mod at 7aac2a2 (the MinIO build this project targets):
 * - policy/action.go: supportedActions (S3), IAMActionConditionKeyMap (createActionConditionKeyMap), Action.Match
 *   (wildcard.Match) and Action.IsValid.
 * - policy/admin-action.go: supportedAdminActions, AdminAction.IsValid (exact), createAdminActionConditionKeyMap.
 * - policy/kms-action.go: supportedKMSActions, KMSAction.IsValid (exact).
 * - policy/sts-action.go: supportedSTSActions ("*" is one of them), createSTSActionConditionKeyMap.
 * - policy/condition/name.go: names, qualifiers, parseName. policy/condition/keyname.go: AllSupportedKeys,
 *   CommonKeys, AllSupportedAdminKeys, AllSupportedSTSKeys.
 * - wildcard/match.go: Match ('*' any run of bytes, '?' exactly one byte; a lone "*" matches everything).
 * - minio/minio cmd/bucket-policy-handlers.go maxBucketPolicySize (20 KiB), checked by AddCannedPolicy.
 */

const prefixed = (prefix: string, names: string): string[] => names.split(/\s+/).map((n) => `${prefix}:${n}`);

/** supportedActions: S3 actions, matched as wildcard patterns (an action is valid if it matches one of these). */
export const S3_ACTIONS: readonly string[] = prefixed(
  "s3",
  `AbortMultipartUpload CreateBucket DeleteBucket ForceDeleteBucket DeleteBucketPolicy DeleteBucketCors DeleteObject
  GetBucketLocation GetBucketNotification GetBucketPolicy GetBucketCors GetObject HeadBucket ListAllMyBuckets ListBucket
  GetBucketPolicyStatus ListBucketVersions ListBucketMultipartUploads ListenNotification ListenBucketNotification
  ListMultipartUploadParts PutLifecycleConfiguration GetLifecycleConfiguration PutBucketNotification PutBucketPolicy
  PutBucketCors PutObject BypassGovernanceRetention PutObjectRetention GetObjectRetention GetObjectLegalHold
  PutObjectLegalHold GetBucketObjectLockConfiguration PutBucketObjectLockConfiguration GetBucketTagging
  PutBucketTagging GetObjectVersion GetObjectAttributes GetObjectVersionAttributes GetObjectVersionTagging
  DeleteObjectVersion DeleteObjectVersionTagging PutObjectVersionTagging GetObjectTagging PutObjectTagging
  DeleteObjectTagging PutEncryptionConfiguration GetEncryptionConfiguration PutBucketVersioning GetBucketVersioning
  GetReplicationConfiguration PutReplicationConfiguration ReplicateObject ReplicateDelete ReplicateTags
  GetObjectVersionForReplication RestoreObject ResetBucketReplicationState PutObjectFanOut *`.trim(),
);

/** supportedAdminActions: matched exactly ("admin:*" is the only wildcard, and only as itself). */
export const ADMIN_ACTIONS: readonly string[] = prefixed(
  "admin",
  `Heal StorageInfo DataUsageInfo TopLocksInfo Profiling Prometheus ServerTrace ConsoleLog KMSCreateKey KMSKeyStatus
  ServerInfo OBDInfo BandwidthMonitor ServerUpdate ServiceRestart ServiceStop ServiceFreeze ConfigUpdate CreateUser
  DeleteUser ListUsers EnableUser DisableUser GetUser AddUserToGroup RemoveUserFromGroup GetGroup ListGroups
  EnableGroup DisableGroup CreateServiceAccount UpdateServiceAccount RemoveServiceAccount ListServiceAccounts
  ListTemporaryAccounts CreatePolicy DeletePolicy GetPolicy AttachUserOrGroupPolicy UpdatePolicyAssociation
  ListUserPolicies SetBucketQuota GetBucketQuota SetBucketTarget GetBucketTarget ReplicationDiff SetTier ListTier
  Decommission Rebalance SiteReplicationAdd SiteReplicationDisable SiteReplicationInfo SiteReplicationOperation
  SiteReplicationRemove SiteReplicationResync ImportBucketMetadata ExportBucketMetadata ExportIAM ImportIAM
  ListBatchJobs DescribeBatchJob StartBatchJob CancelBatchJob *`.trim(),
);

/** supportedKMSActions: matched exactly. */
export const KMS_ACTIONS: readonly string[] = prefixed(
  "kms",
  `CreateKey DeleteKey ListKeys ImportKey DescribePolicy AssignPolicy DeletePolicy SetPolicy GetPolicy ListPolicies
  DescribeIdentity DescribeSelfIdentity DeleteIdentity ListIdentities KeyStatus Status API Metrics Version AuditLog
  ErrorLog *`.trim(),
);

/** supportedSTSActions: matched exactly. A bare "*" is an STS action, so a statement with it needs no Resource. */
export const STS_ACTIONS: readonly string[] = ["sts:AssumeRoleWithWebIdentity", "*"];

/** wildcard.Match: '*' matches any run of characters, '?' exactly one; everything else literally. */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (pattern === "") return text === "";
  if (pattern === "*") return true;
  // Iterative glob match with backtracking to the last '*'.
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || (pattern[p] !== "*" && pattern[p] === text[t]))) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Action.IsValid for S3: the action, read as a wildcard pattern, matches at least one supported S3 action. */
export function isS3Action(action: string): boolean {
  return S3_ACTIONS.some((a) => wildcardMatch(action, a));
}

export type ActionKind = "admin" | "sts" | "kms" | "s3";

/**
 * Statement.isValid picks the statement's kind from its actions, in this order: admin if any action is an admin
 * action, else STS, else KMS, else S3. Every action must then be of that kind.
 */
export function statementKind(actions: readonly string[]): ActionKind {
  if (actions.some((a) => ADMIN_ACTIONS.includes(a))) return "admin";
  if (actions.some((a) => STS_ACTIONS.includes(a))) return "sts";
  if (actions.some((a) => KMS_ACTIONS.includes(a))) return "kms";
  return "s3";
}

/** Whether `action` is valid in a statement of `kind`. */
export function actionOfKind(kind: ActionKind, action: string): boolean {
  if (kind === "admin") return ADMIN_ACTIONS.includes(action);
  if (kind === "sts") return STS_ACTIONS.includes(action);
  if (kind === "kms") return KMS_ACTIONS.includes(action);
  return isS3Action(action);
}

/** The kinds of statement `action` would be valid in. */
export function kindsOf(action: string): ActionKind[] {
  return (["admin", "sts", "kms", "s3"] as const).filter((k) => actionOfKind(k, action));
}

/** condition/name.go: operator names; "ForAllValues:" / "ForAnyValue:" may prefix any of them. */
export const CONDITION_OPERATORS = {
  string: [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
  ],
  binary: ["BinaryEquals"],
  ip: ["IpAddress", "NotIpAddress"],
  null: ["Null"],
  bool: ["Bool"],
  numeric: [
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanIfExists",
    "NumericGreaterThanEquals",
  ],
  date: [
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
  ],
} as const;
export type OperatorKind = keyof typeof CONDITION_OPERATORS;
export const CONDITION_QUALIFIERS: readonly string[] = ["ForAllValues", "ForAnyValue"];

/** The kind of operator `name` ("Qualifier:Name" or "Name"), as parseName reads it; undefined when MinIO refuses it. */
export function operatorKind(name: string): OperatorKind | undefined {
  const tokens = name.split(":");
  if (tokens.length > 2) return undefined;
  const [qualifier, base] = tokens.length === 2 ? tokens : ["", name];
  if (qualifier !== "" && !CONDITION_QUALIFIERS.includes(qualifier)) return undefined;
  for (const [kind, names] of Object.entries(CONDITION_OPERATORS)) {
    if ((names as readonly string[]).includes(base)) return kind as OperatorKind;
  }
  return undefined;
}

const JWT_KEYS = prefixed(
  "jwt",
  `sub iss aud jti name upn groups given_name family_name middle_name nickname preferred_username profile picture
  website email gender birthdate phone_number address scope client_id`.trim(),
);
const IDENTITY_KEYS = [
  ...prefixed("aws", "Referer SourceIp UserAgent SecureTransport CurrentTime EpochTime principaltype userid username"),
  "aws:groups",
  ...prefixed("ldap", "user username groups"),
];

/** CommonKeys: accepted with every S3 action. */
export const COMMON_KEYS: readonly string[] = [
  ...prefixed("s3", "signatureversion authType signatureAge x-amz-content-sha256 LocationConstraint"),
  ...IDENTITY_KEYS,
  ...JWT_KEYS,
];

/** AllSupportedAdminKeys: accepted with every admin action. */
export const ADMIN_KEYS: readonly string[] = [...IDENTITY_KEYS, "svc:DurationSeconds", ...JWT_KEYS];

/** AllSupportedSTSKeys: accepted with both STS actions. */
export const STS_KEYS: readonly string[] = ["sts:DurationSeconds"];

const SSE = ["s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-customer-algorithm"];
const SSE_ALL = [...SSE, "s3:x-amz-server-side-encryption-aws-kms-key-id"];
const VERSION_TAG = ["s3:versionid", "s3:ExistingObjectTag"];
const REQUEST_TAGS = ["s3:RequestObjectTagKeys", "s3:RequestObjectTag"];
const LOCK = ["s3:object-lock-retain-until-date", "s3:object-lock-mode"];
const LIST = ["s3:prefix", "s3:delimiter", "s3:max-keys"];

/** IAMActionConditionKeyMap: the keys an S3 action accepts on top of COMMON_KEYS ("s3:*" accepts every key). */
const S3_ACTION_KEYS: Readonly<Record<string, readonly string[]>> = {
  "s3:DeleteObject": ["s3:versionid"],
  "s3:GetObject": [...SSE_ALL, ...VERSION_TAG],
  "s3:GetObjectAttributes": ["s3:ExistingObjectTag"],
  "s3:GetObjectVersionAttributes": VERSION_TAG,
  "s3:ListBucket": LIST,
  "s3:ListBucketVersions": LIST,
  "s3:PutObject": [
    "s3:x-amz-copy-source",
    ...SSE_ALL,
    "s3:x-amz-metadata-directive",
    "s3:x-amz-storage-class",
    "s3:versionid",
    ...LOCK,
    "s3:object-lock-legal-hold",
    ...REQUEST_TAGS,
  ],
  "s3:PutObjectRetention": [...SSE_ALL, "s3:object-lock-remaining-retention-days", ...LOCK, "s3:versionid"],
  "s3:GetObjectRetention": [...SSE_ALL, "s3:versionid"],
  "s3:PutObjectLegalHold": [...SSE_ALL, "s3:object-lock-legal-hold", "s3:versionid"],
  "s3:BypassGovernanceRetention": [
    "s3:versionid",
    "s3:object-lock-remaining-retention-days",
    ...LOCK,
    "s3:object-lock-legal-hold",
    ...REQUEST_TAGS,
  ],
  "s3:PutBucketTagging": REQUEST_TAGS,
  "s3:PutObjectTagging": [...VERSION_TAG, ...REQUEST_TAGS],
  "s3:GetObjectTagging": VERSION_TAG,
  "s3:DeleteObjectTagging": VERSION_TAG,
  "s3:PutObjectVersionTagging": [...VERSION_TAG, ...REQUEST_TAGS],
  "s3:GetObjectVersion": VERSION_TAG,
  "s3:GetObjectVersionTagging": VERSION_TAG,
  "s3:DeleteObjectVersion": ["s3:versionid"],
  "s3:DeleteObjectVersionTagging": VERSION_TAG,
  "s3:ReplicateObject": VERSION_TAG,
  "s3:ReplicateDelete": VERSION_TAG,
  "s3:ReplicateTags": VERSION_TAG,
  "s3:GetObjectVersionForReplication": VERSION_TAG,
};

/** AllSupportedKeys: every condition key MinIO knows (a key may carry a "/variable" suffix). */
export const ALL_KEYS: readonly string[] = [
  ...new Set([...COMMON_KEYS, ...Object.values(S3_ACTION_KEYS).flat(), "sts:DurationSeconds", "svc:DurationSeconds"]),
];

/** ActionConditionKeyMap.Lookup: the keys an S3 action (pattern) accepts: common keys plus each matched entry's. */
export function s3ActionKeys(action: string): ReadonlySet<string> {
  if (wildcardMatch(action, "s3:*")) return new Set(ALL_KEYS);
  const keys = new Set(COMMON_KEYS);
  for (const [entry, extra] of Object.entries(S3_ACTION_KEYS)) {
    if (wildcardMatch(action, entry)) for (const k of extra) keys.add(k);
  }
  return keys;
}

/** AddCannedPolicy refuses a body over maxBucketPolicySize. */
export const MAX_POLICY_BYTES = 20 * 1024;
