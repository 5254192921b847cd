// A package registry stand-in on 127.0.0.1 that resets every connection once the request arrives,
// which is what a client sees when a registry or its proxy drops connections during an outage.
import { type AddressInfo, createServer } from "node:net";

export interface ResettingRegistry {
  readonly url: string;
  /** Connections reset so far, to show the client really reached it. */
  resets(): number;
  close(): Promise<void>;
}

export async function startResettingRegistry(): Promise<ResettingRegistry> {
  let resets = 0;
  const server = createServer((socket) => {
    socket.once("data", () => {
      resets += 1;
      socket.resetAndDestroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    resets: () => resets,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
