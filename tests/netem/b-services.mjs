// Targets inside namespace B for the netem tests: a TCP listener that accepts and closes,
// and an HTTP server answering 200 "ok". Prints {"tcpPort":…,"httpPort":…} once listening.
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
const http = createHttpServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
http.on('clientError', (_err, socket) => socket.destroy());
const tcpPort = await listen(tcp);
const httpPort = await listen(http);
process.stdout.write(`${JSON.stringify({ tcpPort, httpPort })}\n`);
process.on('SIGTERM', () => process.exit(0));
