// Error catalogue and response bodies of the MinIO double.
// Codes, texts and status values follow minio/minio cmd/api-errors.go (errorCodes), cmd/sts-errors.go
// (stsErrCodes) and cmd/admin-handler-utils.go (toAdminAPIErr) at 7aac2a2.

export interface ApiErrorDef {
  code: string;
  description: string;
  status: number;
}

function def(code: string, description: string, status: number): ApiErrorDef {
  return { code, description, status };
}

export const API_ERRORS = {
  AccessDenied: def("AccessDenied", "Access Denied.", 403),
  InvalidAccessKeyId: def("InvalidAccessKeyId", "The Access Key Id you provided does not exist in our records.", 403),
  SignatureDoesNotMatch: def(
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    403,
  ),
  InvalidToken: def("InvalidTokenId", "The security token included in the request is invalid", 403),
  MissingDateHeader: def("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", 400),
  MalformedDate: def(
    "MalformedDate",
    "Invalid date format header, expected to be in ISO8601, RFC1123 or RFC1123Z time format.",
    400,
  ),
  RequestTimeTooSkewed: def(
    "RequestTimeTooSkewed",
    "The difference between the request time and the server's time is too large.",
    403,
  ),
  SignatureVersionNotSupported: def(
    "InvalidRequest",
    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.",
    400,
  ),
  MissingFields: def("MissingFields", "Missing fields in request.", 400),
  MissingCredTag: def("InvalidRequest", "Missing Credential field for this request.", 400),
  MissingSignHeadersTag: def("InvalidArgument", "Signature header missing SignedHeaders field.", 400),
  MissingSignTag: def("AccessDenied", "Signature header missing Signature field.", 400),
  CredMalformed: def(
    "AuthorizationQueryParametersError",
    'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    400,
  ),
  MalformedCredentialDate: def(
    "AuthorizationQueryParametersError",
    'Error parsing the X-Amz-Credential parameter; incorrect date format. This date in the credential must be in the format "yyyyMMdd".',
    400,
  ),
  InvalidRequestVersion: def(
    "AuthorizationQueryParametersError",
    'Error parsing the X-Amz-Credential parameter; incorrect terminal. This endpoint uses "aws4_request".',
    400,
  ),
  InvalidServiceS3: def(
    "AuthorizationParametersError",
    'Error parsing the Credential/X-Amz-Credential parameter; incorrect service. This endpoint belongs to "s3".',
    400,
  ),
  InvalidServiceSTS: def(
    "AuthorizationParametersError",
    'Error parsing the Credential parameter; incorrect service. This endpoint belongs to "sts".',
    400,
  ),
  UnsignedHeaders: def("AccessDenied", "There were headers present in the request which were not signed", 400),
  ContentSHA256Mismatch: def(
    "XAmzContentSHA256Mismatch",
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
    400,
  ),
  ServerNotInitialized: def("XMinioServerNotInitialized", "Server not initialized yet, please try again.", 503),
  IAMNotInitialized: def("XMinioIAMNotInitialized", "IAM sub-system not initialized yet, please try again.", 503),
  AdminConfigTooLarge: def(
    "XMinioAdminConfigTooLarge",
    "Configuration data provided exceeds the allowed maximum of 262272 bytes",
    400,
  ),
  EntityTooLarge: def("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.", 400),
  AdminConfigBadJSON: def("XMinioAdminConfigBadJSON", "JSON configuration provided is of incorrect format", 400),
  MalformedPOSTRequest: def(
    "MalformedPOSTRequest",
    "The body of your POST request is not well-formed multipart/form-data.",
    400,
  ),
  AdminNoSuchPolicy: def("XMinioAdminNoSuchPolicy", "The canned policy does not exist.", 404),
  AdminInvalidArgument: def("XMinioAdminInvalidArgument", "Invalid arguments specified.", 400),
  AdminInvalidRequest: def("XMinioAdminInvalidRequest", "Invalid request", 400),
  PolicyInvalidName: def("PolicyInvalidName", "Policy name may not contain comma", 400),
  AdminResourceInvalidArgument: def(
    "XMinioInvalidResource",
    "Policy, user or group names are not allowed to begin or end with space characters",
    400,
  ),
  PolicyInvalidVersion: def("MalformedPolicy", "The policy must contain a valid version string", 400),
  MalformedIAMPolicy: def("XMinioMalformedIAMPolicy", "Malformed IAM policy", 400),
  MissingContentLength: def("MissingContentLength", "You must provide the Content-Length HTTP header.", 411),
  ConfigError: def("XMinioConfigError", "Config error", 400),
  ConfigNotFound: def("XMinioConfigNotFoundError", "Config not found", 404),
  InternalError: def("InternalError", "We encountered an internal error, please try again.", 500),
  NotImplemented: def("NotImplemented", "A header you provided implies functionality that is not implemented", 501),
  ServerBusy: def("ServerBusy", "The service is unavailable. Please retry.", 503),
} satisfies Record<string, ApiErrorDef>;

/** An error carrying a MinIO error code and its HTTP status. */
abstract class CodedError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(d: ApiErrorDef, message?: string) {
    super(message ?? d.description);
    this.code = d.code;
    this.status = d.status;
  }
}

/** An error that a handler turns into a MinIO error response. */
export class ApiError extends CodedError {}

/** Like errorCodes.ToAPIErrWithErr: "<description> (<cause>)". */
export function withCause(d: ApiErrorDef, cause: string): ApiError {
  return new ApiError(d, `${d.description} (${cause})`);
}

/** Region mismatch: the text MinIO's writeErrorResponse substitutes for AuthorizationHeaderMalformed. */
export function regionMismatch(region: string): ApiError {
  return new ApiError(
    def(
      "AuthorizationHeaderMalformed",
      `The authorization header is malformed; the region is wrong; expecting '${region}'.`,
      400,
    ),
  );
}

/** JSON body of an admin API error (APIErrorResponse with its json tags; empty optional fields omitted). */
export function adminErrorJson(err: ApiError, resource: string, requestId: string): string {
  return JSON.stringify({ Code: err.code, Message: err.message, Resource: resource, RequestId: requestId, HostId: "" });
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
  "\t": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;",
};

/** Text escaping as Go's encoding/xml EscapeText does it. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** S3-style XML error (writeErrorResponse): used where MinIO answers before routing, e.g. date checks. */
export function s3ErrorXml(err: ApiError, resource: string, requestId: string): string {
  return (
    XML_HEADER +
    `<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>` +
    `<Resource>${xmlEscape(resource)}</Resource><RequestId>${requestId}</RequestId><HostId></HostId></Error>`
  );
}

export const STS_ERRORS = {
  AccessDenied: def("AccessDenied", "Generating temporary credentials not allowed for this request.", 403),
  MissingParameter: def("MissingParameter", "A required parameter for the specified action is not supplied.", 400),
  InvalidParameterValue: def(
    "InvalidParameterValue",
    "An invalid or out-of-range value was supplied for the input parameter.",
    400,
  ),
  WebIdentityExpiredToken: def(
    "ExpiredToken",
    "The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request.",
    400,
  ),
  IAMNotInitialized: def("STSIAMNotInitialized", "STS IAM not initialized, please try again.", 503),
  InternalError: def(
    "InternalError",
    "We encountered an internal error generating credentials, please try again.",
    500,
  ),
} satisfies Record<string, ApiErrorDef>;

/** An STS failure: the STS error code plus the message MinIO puts in <Message> (err.Error()). */
export class StsError extends CodedError {}

/** STSErrorResponse as encoded by writeSTSErrorResponse. */
export function stsErrorXml(err: StsError, requestId: string): string {
  return (
    XML_HEADER +
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type></Type>' +
    `<Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
