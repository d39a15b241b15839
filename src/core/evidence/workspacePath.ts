// Evidence must stay inside the workspace: no "..", no absolute paths, no symlink that leads out.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * The workspace-relative path (forward slashes) of `file`, resolving symlinks on both sides,
 * or undefined when the file is not inside `root`.
 */
export function workspaceRelativePath(root: string, file: string): string | undefined {
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = realpathSync(root);
    realFile = realpathSync(file);
  } catch {
    return undefined;
  }
  const rel = relative(realRoot, realFile);
  if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
