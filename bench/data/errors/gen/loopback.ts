// A 127.0.0.1 HTTP server that fails on purpose: the first path segment picks the failure
// (/reset/ drops the socket, /502/ answers 502, /hang/ never answers, /pkg/ serves an npm packument).
import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";

const STATUS_TEXT: Record<number, string> = {
  401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests",
  500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

function packument(port: number, name: string): string {
  const tarball = `http://127.0.0.1:${port}/404/${name}/-/${name}-1.0.0.tgz`;
  return JSON.stringify({
    name,
    "dist-tags": { latest: "1.0.0" },
    versions: { "1.0.0": { name, version: "1.0.0", dist: { tarball, shasum: "0".repeat(40) } } },
  });
}

function answer(port: number, req: IncomingMessage, res: ServerResponse): void {
  const [mode = "", ...rest] = (req.url ?? "/").split("/").filter(Boolean);
  if (mode === "reset") { req.socket.destroy(); return; }
  if (mode === "hang") return;
  if (mode === "pkg") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(packument(port, decodeURIComponent(rest[0] ?? "pkg")));
    return;
  }
  const status = Number(mode);
  const text = STATUS_TEXT[status];
  if (text === undefined) { res.writeHead(404); res.end("Not Found\n"); return; }
  const headers: Record<string, string> = { "content-type": "text/html" };
  if (status === 429) headers["retry-after"] = "1";
  if (status === 401) headers["www-authenticate"] = 'Basic realm="registry"';
  res.writeHead(status, text, headers);
  res.end(`<html><body><h1>${status} ${text}</h1></body></html>\n`);
}

/** Starts the server on `port` (fixed, so outputs are the same on every run) and returns it. */
export async function startLoopback(port: number): Promise<Server> {
  const server = createServer((req, res) => answer(port, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return server;
}
