import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-wardwatch-signature';

/** `sha256=<hex>` HMAC of the exact body bytes, for the receiver to verify. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POST the JSON body; anything but 2xx is a failure (retried by the dispatcher). */
export async function sendWebhook(
  config: { url: string; secret: string },
  body: string,
  timeoutMs: number,
): Promise<void> {
  const res = await fetch(config.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signBody(config.secret, body),
    },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
}
