// Shared types of the MinIO double's admin handlers.
import type { IncomingMessage } from "node:http";
import type { Reply } from "./http-util";
import type { AuthContext, Principal } from "./sigv4";
import type { DoubleState, MinioNode } from "./state";

/** The deployment and the node that serves the request, with that node's view of authentication. */
export interface NodeEnv {
  state: DoubleState;
  node: MinioNode;
  auth: AuthContext;
}

export interface AdminCall {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  reply: Reply;
  state: DoubleState;
  /** The node that serves the request. */
  node: MinioNode;
  /** The authenticated requester (root or temporary credentials). */
  principal: Principal;
}
