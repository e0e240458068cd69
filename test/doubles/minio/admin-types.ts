// Shared types of the MinIO double's admin handlers.
import type { IncomingMessage } from "node:http";
import type { Reply } from "./http-util";
import type { Principal } from "./sigv4";
import type { DoubleState } from "./state";

export interface AdminCall {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  reply: Reply;
  state: DoubleState;
  /** The authenticated requester (root or temporary credentials). */
  principal: Principal;
  /** host:port of the double, for the service action result. */
  host: string;
}
