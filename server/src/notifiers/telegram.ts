export const TELEGRAM_API = 'https://api.telegram.org';

/** Bot API `sendMessage`; the base URL is configurable so tests use a local receiver. */
export async function sendTelegram(
  config: { baseUrl?: string; botToken: string; chatId: string },
  text: string,
  timeoutMs: number,
): Promise<void> {
  const base = (config.baseUrl ?? TELEGRAM_API).replace(/\/+$/, '');
  const res = await fetch(`${base}/bot${config.botToken}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: config.chatId, text: text.slice(0, 4096) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const reply = (await res.json().catch(() => null)) as {
    ok?: boolean;
    description?: string;
  } | null;
  if (!res.ok || reply?.ok !== true) {
    throw new Error(`telegram answered HTTP ${res.status}: ${reply?.description ?? 'no ok'}`);
  }
}
