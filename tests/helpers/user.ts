import { execFileSync, spawnSync } from 'node:child_process';

const USER = 'nobody';

function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/**
 * A command prefix that runs what follows as `nobody` with no supplementary groups (setpriv,
 * else runuser), or why that cannot be done here: it needs root and one of the two tools.
 * What it runs must be readable by `nobody`: a checkout under a 0700 folder (mktemp -d) is
 * not, so a caller runs a copy from a folder of its own.
 */
export function asUnprivileged(): { wrapper: string[] } | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: 'needs root to run a command as another user' };
  let gid: string;
  try {
    gid = execFileSync('id', ['-g', USER], { encoding: 'utf8' }).trim();
  } catch {
    return { skip: `no user "${USER}" on this machine` };
  }
  const wrapper = which('setpriv')
    ? ['setpriv', `--reuid=${USER}`, `--regid=${gid}`, '--clear-groups']
    : which('runuser')
      ? ['runuser', '-u', USER, '--']
      : null;
  if (!wrapper) return { skip: 'neither setpriv nor runuser is installed' };
  const probe = spawnSync(
    wrapper[0] as string,
    [...wrapper.slice(1), process.execPath, '-e', '0'],
    {
      cwd: '/',
    },
  );
  if (probe.status !== 0) return { skip: `${USER} cannot run ${process.execPath}` };
  return { wrapper };
}
