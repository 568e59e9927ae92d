import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the `ping` package will find its binary, or null (the package hides ENOENT). */
export function findPing(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | null {
  const candidates =
    platform === 'win32'
      ? [join(env.SystemRoot ?? 'C:\\Windows', 'system32', 'ping.exe')]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((dir) => join(dir, 'ping'));
  for (const path of candidates) {
    try {
      accessSync(path, platform === 'win32' ? constants.F_OK : constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
}
