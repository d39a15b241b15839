// The webview side of VS Code: one API object per page (acquireVsCodeApi may be called only once), and a
// poster that sends only messages its protocol schema accepts.
import type { z } from 'zod';

export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();

/** A function that validates each message against `schema` before it leaves the page. */
export function poster<S extends z.ZodType>(schema: S): (message: z.infer<S>) => void {
  return (message) => vscode.postMessage(schema.parse(message));
}
