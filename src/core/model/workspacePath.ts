// What a path written in a model file may look like. A model file comes from whoever wrote the repository,
// so a path in it must name a file inside the workspace, spelled one way, and nothing else: no URL, no home
// directory, no absolute or drive path, no ".." and no escapes that a later decoding step could turn into one.

/** A URI scheme at the start: `file:`, `https:`, `vscode-remote:`, `c:` ... */
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const DRIVE = /^[a-zA-Z]:/;
/** C0 controls (NUL, tab, newlines...), DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Any percent-escape: `%2e%2e/` decodes to `../`, `%252e` to `%2e`; real file names rarely hold one. */
const PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/;

export const WORKSPACE_PATH_MAX_LENGTH = 1024;

/**
 * The same rules as one ECMAScript regular expression, for the JSON Schema that editors use on the file
 * (a unit test checks that it agrees with workspacePathProblem).
 */
export const WORKSPACE_PATH_PATTERN =
  '^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?![/~])(?!.*\\\\)(?!.*%[0-9a-fA-F]{2})(?!(?:.*/)?\\.\\.(?:/|$))(?!.*//)(?!.*/$)[^\\u0000-\\u001f\\u007f-\\u009f]+$';

/** Why `path` is not a workspace-relative path, in words; undefined when it is one. */
export function workspacePathProblem(path: string): string | undefined {
  if (path.length === 0) return 'must not be empty';
  if (path.length > WORKSPACE_PATH_MAX_LENGTH) return `must be at most ${WORKSPACE_PATH_MAX_LENGTH} characters`;
  if (CONTROL.test(path)) return 'must be a workspace-relative path without control characters (NUL, tab, line breaks)';
  if (DRIVE.test(path)) return 'must be a workspace-relative path, not an absolute path with a drive letter';
  if (SCHEME.test(path)) return `must be a workspace-relative path, not a URL ("${path.slice(0, path.indexOf(':') + 1)}")`;
  if (path.startsWith('/')) return 'must be a workspace-relative path, not an absolute path';
  if (path.startsWith('~')) return 'must be a workspace-relative path, not one in a home directory ("~")';
  if (path.includes('\\')) return 'must be a workspace-relative path with forward slashes, not backslashes';
  if (PERCENT_ESCAPE.test(path)) return 'must be a workspace-relative path without percent-escapes such as "%2e" or "%2f"; write the characters themselves';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'must not contain ".." segments (it must stay inside the workspace)';
  if (segments.some((s) => s === '')) return 'must not contain empty segments ("//" or a trailing "/")';
  return undefined;
}
