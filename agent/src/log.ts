export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** One line per entry: ISO time, level, message, then the fields as JSON. */
export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l)) {
  const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    write(
      `${new Date().toISOString()} ${level} ${msg}${fields ? ' ' + JSON.stringify(fields) : ''}\n`,
    );
  return { info: line('info'), warn: line('warn'), error: line('error') } satisfies Logger;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
