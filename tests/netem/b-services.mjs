// Targets inside namespace B for the netem tests: a TCP listener that accepts and closes,
// and an HTTP server answering 200 "ok" (GET /bytes/N: N bytes, at most 4 MiB, for
// throughput checks). Prints {"tcpPort":…,"httpPort":…} once listening.
// Usage: node b-services.mjs HOST
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

const host = process.argv[2] ?? '127.0.0.1';
const listen = (server) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, backlog: 1024 }, () => resolve(server.address().port));
  });

const tcp = createTcpServer((socket) => {
  socket.on('error', () => {});
  socket.end();
});
const MAX_BYTES = 4 * 1024 * 1024;
const http = createHttpServer((req, res) => {
  const n = /^\/bytes\/(\d+)$/.exec(req.url ?? '');
  if (n && Number(n[1]) <= MAX_BYTES) {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': n[1] });
    res.end(Buffer.alloc(Number(n[1]), 0x61));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
http.on('clientError', (_err, socket) => socket.destroy());
const tcpPort = await listen(tcp);
const httpPort = await listen(http);
process.stdout.write(`${JSON.stringify({ tcpPort, httpPort })}\n`);
process.on('SIGTERM', () => process.exit(0));
