import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback URL on which nothing listens: a port that was just bound and released. */
export async function closedLoopbackUrl(path = ""): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
