// Settings that protect the person using the extension from the repository they opened. A cloned
// repository's .vscode/settings.json or .code-workspace file is written by whoever wrote the repository, so
// these settings are taken from the user's own settings only, and their values are checked here, whatever
// the settings UI or a hand-edited settings.json let through.

/** threatModeling.maxModelFileSizeMB: its default and the range it is clamped to, in MiB. */
export const MODEL_FILE_SIZE_MB = { default: 4, minimum: 1, maximum: 16 } as const;

const MIB = 1024 * 1024;

/**
 * The largest model file to read, in bytes, from the setting's raw value. Numbers are clamped to
 * [minimum, maximum]; anything else (a string, NaN, an infinity, zero or a negative number) is the default.
 */
export function modelFileLimitFromSetting(value: unknown): number {
  const mb = typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : MODEL_FILE_SIZE_MB.default;
  return Math.floor(Math.min(MODEL_FILE_SIZE_MB.maximum, Math.max(MODEL_FILE_SIZE_MB.minimum, mb)) * MIB);
}

/** The part of VS Code's `WorkspaceConfiguration.inspect()` result this module reads. */
export interface InspectedSetting<T> {
  readonly defaultValue?: T;
  readonly globalValue?: T;
  readonly workspaceValue?: T;
  readonly workspaceFolderValue?: T;
}

/**
 * The value of a setting as the user set it (user or remote-machine settings), else its default. Workspace
 * and folder values are never used: the repository that was opened wrote them.
 */
export function userSettingValue<T>(inspected: InspectedSetting<T> | undefined): T | undefined {
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** The name the user configured for the history, or undefined when none (blank, not a string, too long). */
export function configuredUserName(inspected: InspectedSetting<unknown> | undefined): string | undefined {
  const value = userSettingValue(inspected);
  if (typeof value !== 'string') return undefined;
  // One line of at most 100 characters: the name is written into every history entry.
  const name = value.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return name ? [...name].slice(0, 100).join('').trim() : undefined;
}
