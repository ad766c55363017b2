// The baseline of `npm run bench`: a bare node:https server that answers every request with the
// very bytes the emulator sent for one GET managedCluster (status, headers, body), captured just
// before. Same certificate, same keep-alive timeout. Node itself adds Date, Connection and
// Keep-Alive, as it does for the emulator.
// Usage: node bench/bare-server.mjs <cert.pem> <key.pem> <response.json>
import { readFileSync } from "node:fs";
import { createServer } from "node:https";

const [certPath, keyPath, responsePath] = process.argv.slice(2);
if (!certPath || !keyPath || !responsePath) {
  process.stderr.write("usage: node bench/bare-server.mjs <cert.pem> <key.pem> <response.json>\n");
  process.exit(2);
}
/** @type {{ status: number; headers: [string, string][]; body: string }} */
const captured = JSON.parse(readFileSync(responsePath, "utf8"));
const body = Buffer.from(captured.body, "base64");
const headers = captured.headers.filter(([name]) => !/^(date|connection|keep-alive|transfer-encoding)$/i.test(name));

const server = createServer({ cert: readFileSync(certPath), key: readFileSync(keyPath), keepAliveTimeout: 65_000 }, (req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(captured.status, headers.flat());
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`bare server is listening on https://127.0.0.1:${port}\n`);
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
