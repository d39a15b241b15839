// Who is making a change, for the history: the user's own setting, else git's user.name, else the OS account.
import { execFile } from 'node:child_process';
import { homedir, userInfo } from 'node:os';
import * as vscode from 'vscode';
import { configuredUserName } from '../core/model/settings';

export class Identity {
  private readonly gitNames = new Map<string, Promise<string | undefined>>();

  async nameFor(folder: vscode.WorkspaceFolder): Promise<string> {
    // Only the user's settings count: a repository's .vscode/settings.json or workspace file must not name
    // who made a change (the setting is machine-scoped too, so VS Code already drops such values).
    const configured = configuredUserName(vscode.workspace.getConfiguration('threatModeling', folder).inspect<string>('userName'));
    if (configured) return configured;
    // Never run a program on behalf of an untrusted workspace: on Windows a bare "git" would be looked up
    // in the working directory first, so a cloned repository could ship its own.
    if (!vscode.workspace.isTrusted) return safeUserName();
    const key = folder.uri.fsPath;
    if (!this.gitNames.has(key)) this.gitNames.set(key, gitUserName(key));
    return (await this.gitNames.get(key)) || safeUserName();
  }
}

function gitUserName(folder: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    // Run from the home directory (not the workspace) and point git at the folder with -C.
    execFile('git', ['-C', folder, 'config', 'user.name'], { cwd: homedir(), timeout: 2000 }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
