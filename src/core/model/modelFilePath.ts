// Where the model file lives in a workspace folder. The path comes from a workspace setting, which a cloned
// repository controls, so it must stay inside the folder.
export const DEFAULT_MODEL_FILE = 'threatmodel.yaml';

/**
 * The configured path cleaned to `dir/name.yaml` (forward slashes, no "." segments), or undefined when it
 * is absolute, climbs out with "..", or is not a YAML file. Empty means the default.
 */
export function safeModelFilePath(setting: string | undefined): string | undefined {
  const name = setting?.trim() || DEFAULT_MODEL_FILE;
  const segments = name.split(/[\\/]/);
  const clean = segments.filter((s) => s && s !== '.').join('/');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || segments.includes('..') || !/\.ya?ml$/i.test(clean)) return undefined;
  return clean;
}
