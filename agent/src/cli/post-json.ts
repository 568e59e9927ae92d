import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const MAX_REPLY_BYTES = 64 * 1024;

export interface JsonReply {
  status: number;
  /** The parsed body, or null when it was not JSON. */
  body: unknown;
}

/**
 * POST a JSON body over http or https. `ca` (PEM) replaces the system CAs for this request:
 * the server's certificate must chain to it. Certificate errors reject with Node's TLS code.
 */
export function postJson(
  url: string,
  body: unknown,
  opts: { ca?: string; timeoutMs: number },
): Promise<JsonReply> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
        timeout: opts.timeoutMs,
        ...(opts.ca !== undefined && { ca: opts.ca }),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_REPLY_BYTES) req.destroy(new Error('reply larger than 64 KiB'));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // not JSON: the caller reports the status
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        Object.assign(new Error(`no answer within ${opts.timeoutMs} ms`), { code: 'ETIMEDOUT' }),
      ),
    );
    req.on('error', reject);
    req.end(payload);
  });
}
