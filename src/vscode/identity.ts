// Who is making a change, for the history: the setting, else git's user.name, else the OS account.
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';
import * as vscode from 'vscode';

export class Identity {
  private readonly gitNames = new Map<string, Promise<string | undefined>>();

  async nameFor(folder: vscode.WorkspaceFolder): Promise<string> {
    const configured = vscode.workspace.getConfiguration('threatModeling', folder).get<string>('userName')?.trim();
    if (configured) return configured;
    const key = folder.uri.fsPath;
    if (!this.gitNames.has(key)) this.gitNames.set(key, gitUserName(key));
    return (await this.gitNames.get(key)) || safeUserName();
  }
}

function gitUserName(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.name'], { cwd, timeout: 2000 }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
