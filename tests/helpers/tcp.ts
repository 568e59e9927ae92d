import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpSink {
  port: number;
  close(): Promise<void>;
}

/** A loopback TCP listener that accepts and closes every connection: a reachable tcp probe target. */
export async function startTcpSink(): Promise<TcpSink> {
  const tcp = createServer((s) => s.end());
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', () => r()));
  return {
    port: (tcp.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => tcp.close(() => r())),
  };
}
