import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ConfigError,
  defaultDataDir,
  isAccessDenied,
  loadStatusSettings,
  resolveConfigPath,
  type Language,
} from '../config.js';
import { readStateFile, statePath, type AgentState } from '../state.js';
import type { Command } from './args.js';
import { renderStatus, STATUS_MESSAGES } from './status-render.js';

export type StatusCommand = Extract<Command, { command: 'status' }>;

/** Nothing to show: the CLI prints `message` (in the status language) and exits with `exitCode`. */
export class StatusError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Where status reads from, and in which language it speaks. */
export interface StatusSource {
  dataDir: string;
  language: Language;
  /** One line for stderr when the config could not be read and its default data folder is used. */
  notice: string | null;
}

function readError(err: unknown, path: string, lang: Language): StatusError {
  const t = STATUS_MESSAGES[lang];
  const message = isAccessDenied(err)
    ? t.noAccess(path)
    : t.unreadable(path, (err as Error).message);
  return new StatusError(message, 1);
}

/** `--data-dir` is user input: it must name an existing folder (exit 2 otherwise). */
async function checkDataDir(dir: string, lang: Language): Promise<void> {
  const t = STATUS_MESSAGES[lang];
  let isDir: boolean;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StatusError(`--data-dir: ${t.noDataDir(dir)}`, 2);
    }
    throw readError(err, dir, lang);
  }
  if (!isDir) throw new StatusError(`--data-dir: ${t.notADir(dir)}`, 2);
}

/**
 * The data folder and language, from `--data-dir`, else from the config file. The config holds
 * the station credential and is readable by administrators only: when it exists but this user
 * may not read it, status uses the data folder the agent uses by default (beside the file).
 */
export async function statusSource(
  cmd: StatusCommand,
  env: NodeJS.ProcessEnv = process.env,
): Promise<StatusSource> {
  if (cmd.dataDir !== undefined) {
    const language = cmd.lang ?? 'vi';
    const dataDir = resolve(cmd.dataDir);
    await checkDataDir(dataDir, language);
    return { dataDir, language, notice: null };
  }
  const configPath = resolveConfigPath(cmd.config, env);
  try {
    const settings = await loadStatusSettings(configPath);
    return { dataDir: settings.dataDir, language: cmd.lang ?? settings.language, notice: null };
  } catch (err) {
    if (!(err instanceof ConfigError && err.isPermissionDenied)) throw err;
    const language = cmd.lang ?? 'vi';
    const dataDir = defaultDataDir(configPath);
    const notice = STATUS_MESSAGES[language].configFallback(configPath, dataDir);
    return { dataDir, language, notice };
  }
}

async function loadState(dataDir: string, lang: Language): Promise<AgentState | null> {
  const path = statePath(dataDir);
  try {
    return await readStateFile(dataDir);
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new StatusError(STATUS_MESSAGES[lang].badState(path, err.message), 1);
    }
    throw readError(err, path, lang);
  }
}

/** `wardwatch-agent status`: the health table on stdout, a fallback notice on stderr. */
export async function status(
  cmd: StatusCommand,
  io: { out(text: string): void; err(text: string): void },
  now: () => number = Date.now,
): Promise<number> {
  const source = await statusSource(cmd);
  if (source.notice) io.err(`wardwatch-agent: ${source.notice}\n`);
  const state = await loadState(source.dataDir, source.language);
  io.out(renderStatus(state, source.language, now(), source.dataDir));
  return 0;
}
