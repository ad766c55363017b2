// kubectl's own floor for issue 11's `get pods -A`: a bare node:https server that answers GET of one
// path with the very bytes the emulator sent for it (captured just before) and passes every other
// request (discovery, openapi) through to the emulator. Same certificate as the emulator.
// Usage: node bench/kube-replay-server.mjs <cert.pem> <key.pem> <ca.pem> <upstream origin> <response.json>
import { readFileSync } from "node:fs";
import { createServer, request } from "node:https";

const [certPath, keyPath, caPath, upstream, responsePath] = process.argv.slice(2);
if (!certPath || !keyPath || !caPath || !upstream || !responsePath) {
  process.stderr.write("usage: node bench/kube-replay-server.mjs <cert.pem> <key.pem> <ca.pem> <upstream origin> <response.json>\n");
  process.exit(2);
}
/** @type {{ path: string; status: number; headers: [string, string][]; body: string }} */
const captured = JSON.parse(readFileSync(responsePath, "utf8"));
const body = Buffer.from(captured.body, "base64");
const headers = captured.headers.filter(([name]) => !/^(date|connection|keep-alive|transfer-encoding|content-length)$/i.test(name));
const ca = readFileSync(caPath);

const server = createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath), keepAliveTimeout: 65_000 }, (req, res) => {
  if (req.method === "GET" && req.url?.split("?")[0] === captured.path) {
    req.resume();
    res.writeHead(captured.status, [...headers.flat(), "content-length", String(body.length)]);
    res.end(body);
    return;
  }
  const out = request(new URL(req.url ?? "/", upstream), { method: req.method, headers: req.headers, ca }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.rawHeaders);
    up.pipe(res);
  });
  out.on("error", () => res.destroy());
  req.pipe(out);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`replay server is listening on https://127.0.0.1:${port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
