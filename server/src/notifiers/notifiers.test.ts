import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './dispatcher.js';
import { buildMessage } from './email.js';
import { signBody } from './webhook.js';

describe('notifiers', () => {
  it('signs the exact body with HMAC-SHA256', () => {
    const body = '{"a":1}';
    expect(signBody('s3cret', body)).toBe(
      `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`,
    );
  });

  it.each([
    [1, 1000],
    [2, 2000],
    [5, 16_000],
    [30, 3_600_000],
  ])('retry %i waits %i ms', (attempt, ms) => {
    expect(retryDelayMs(attempt, 1000)).toBe(ms);
  });

  it('builds a UTF-8 mail with an encoded subject and a base64 body', () => {
    const text = 'Mất kết nối CSDLQG ở phường Trần Phú\n';
    const msg = buildMessage(
      { host: 'x', port: 25, from: 'ww@city.vn', to: ['a@city.vn', 'b@city.vn'] },
      'Cảnh báo',
      text,
      new Date(Date.UTC(2026, 10, 30)),
    );
    expect(msg).toContain('To: a@city.vn, b@city.vn\r\n');
    expect(msg).toContain(`Subject: =?UTF-8?B?${Buffer.from('Cảnh báo').toString('base64')}?=`);
    const body = msg.split('\r\n\r\n')[1] ?? '';
    expect(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')).toBe(text);
    // No line starts with a dot, so the DATA terminator cannot appear early.
    expect(body.split('\r\n').some((l) => l.startsWith('.'))).toBe(false);
  });
});
