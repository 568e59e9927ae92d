import { connect, type Socket } from 'node:net';

export interface SmtpConfig {
  host: string;
  port: number;
  from: string;
  to: string[];
}

const encodeWord = (s: string) => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
const wrap76 = (b64: string) => b64.replace(/.{1,76}/g, '$&\r\n');

/** The message as RFC 5322 text (UTF-8 subject and base64 body, so no dot-stuffing is needed). */
export function buildMessage(cfg: SmtpConfig, subject: string, text: string, date: Date): string {
  return [
    `From: ${cfg.from}`,
    `To: ${cfg.to.join(', ')}`,
    `Subject: ${encodeWord(subject)}`,
    `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrap76(Buffer.from(text, 'utf8').toString('base64')),
  ].join('\r\n');
}

/** Reads SMTP replies (multi-line `250-…` until `250 …`) off a socket. */
function replyReader(socket: Socket) {
  let buffer = '';
  let lines: string[] = [];
  const waiting: ((reply: { code: number; text: string }) => void)[] = [];
  const ready: { code: number; text: string }[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i).replace(/\r$/, '');
      buffer = buffer.slice(i + 1);
      lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply = { code: Number(line.slice(0, 3)), text: lines.join('\n') };
        lines = [];
        const w = waiting.shift();
        if (w) w(reply);
        else ready.push(reply);
      }
    }
  });
  return () =>
    new Promise<{ code: number; text: string }>((resolve) => {
      const r = ready.shift();
      if (r) resolve(r);
      else waiting.push(resolve);
    });
}

/** A minimal SMTP client (no TLS, no AUTH: for a relay on the city network or localhost). */
export async function sendMail(
  cfg: SmtpConfig,
  subject: string,
  text: string,
  timeoutMs: number,
  now = new Date(),
): Promise<void> {
  const socket = connect({ host: cfg.host, port: cfg.port });
  socket.setTimeout(timeoutMs);
  const failed = new Promise<never>((_, reject) => {
    socket.once('error', reject);
    socket.once('timeout', () => reject(new Error('smtp timeout')));
    socket.once('close', () => reject(new Error('smtp connection closed')));
  });
  const next = replyReader(socket);
  const expect = async (codes: number[], command?: string) => {
    if (command !== undefined) socket.write(`${command}\r\n`);
    const reply = await Promise.race([next(), failed]);
    if (!codes.includes(reply.code)) {
      throw new Error(`smtp ${command?.split(' ')[0] ?? 'greeting'}: ${reply.text}`);
    }
  };
  try {
    await expect([220]);
    await expect([250], 'EHLO wardwatch');
    await expect([250], `MAIL FROM:<${cfg.from}>`);
    for (const to of cfg.to) await expect([250, 251], `RCPT TO:<${to}>`);
    await expect([354], 'DATA');
    await expect([250], `${buildMessage(cfg, subject, text, now)}\r\n.`);
    await expect([221], 'QUIT');
  } finally {
    failed.catch(() => {});
    socket.destroy();
  }
}
