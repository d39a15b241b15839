// The environment for a command the harness starts from inside an npm script (`npm test`, `npm start`).
// The outer npm exports its own state as npm_* variables (npm_config_user_agent names the outer Node,
// npm_lifecycle_*, npm_package_* describe this project); a nested `npm install` that inherits them
// behaves as if it were part of this project's run. code-server's postinstall, for one, reads its Node
// version from npm_config_user_agent and stops when that says Node 20.

/** `env` without any variable the outer npm set (npm_*, in any letter case), plus `extra`. */
export function withoutNpmVariables(env, extra = {}) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || /^npm_/i.test(key)) continue;
    clean[key] = value;
  }
  return { ...clean, ...extra };
}
