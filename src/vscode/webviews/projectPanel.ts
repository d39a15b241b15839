// Hosts the project panels: one webview per project (opening it again reveals it), kept in step with the
// store, so an edit on disk or by a command shows at once. The panel only asks: a requirement action runs the
// tree's own command with the tree's argument (same workflow guards, same dialogs), and evidence is opened
// by its position in the model, never by a path the webview sends. Every message is validated; refused ones
// are logged.
import * as vscode from 'vscode';
import { projectView, requirementActions, type ProjectView, type RequirementAction } from '../../core/details/projectView';
import { workspaceRelativePath } from '../../core/evidence/workspacePath';
import { workspacePathProblem } from '../../core/model/workspacePath';
import { HostToProject, ProjectToHost } from '../../protocol/projectPanel';
import type { CatalogService } from '../catalog/catalogService';
import type { ProjectRef } from '../commands/projectCommands';
import { reportError } from '../commands/reportError';
import type { ThreatModelStore } from '../model/threatModelStore';
import type { WorkspaceModels } from '../model/workspaceModels';
import type { RequirementRef } from '../views/projectsTreeProvider';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** What a panel has rendered: the message on screen (by revision) and, when the project is shown, its view. */
export interface ProjectRender {
  readonly folderUri: string;
  readonly projectId: string;
  readonly revision: number;
  readonly tab: 'overview' | 'history';
  /** The view the host sent, or undefined when the panel says the project is unavailable. */
  readonly view: ProjectView | undefined;
  readonly unavailable?: string;
}

interface OpenPanel {
  readonly ref: ProjectRef;
  readonly panel: vscode.WebviewPanel;
  readonly disposables: vscode.Disposable[];
  ready: boolean;
  revision: number;
  /** The last message sent, sent again when the webview (re)loads (no retainContextWhenHidden). */
  last: HostToProject | undefined;
  /** Its content without the revision: an unchanged project is not sent again. */
  lastContent: string | undefined;
  /** Refreshes may overlap (catalogs load asynchronously); only the newest one sends. */
  generation: number;
}

export class ProjectPanel implements vscode.Disposable {
  private readonly panels = new Map<string, OpenPanel>();
  /** The panel that was opened or focused last: the one receive() speaks for when not told. */
  private lastActive: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<ProjectRender>();
  /** Fires when a panel's webview has rendered what the host sent (and on each re-render, e.g. a filter or tab change). */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly models: WorkspaceModels,
    private readonly catalogs: CatalogService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.rendered,
      models.onDidChange(() => this.refreshAll()),
      // Trust changes what is offered (Restricted Mode is read-only).
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
    );
  }

  /** Opens the project's panel, or reveals it when it is already open. */
  async open(ref: ProjectRef): Promise<void> {
    const key = keyOf(ref);
    const existing = this.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      this.lastActive = key;
      return;
    }
    const name = this.projectOf(ref)?.project.name ?? ref.projectId;
    const panel = vscode.window.createWebviewPanel('threatModeling.project', name, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'threat-modeling.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'project.js', name, '<tm-project></tm-project>');
    const open: OpenPanel = { ref: { folderUri: ref.folderUri, projectId: ref.projectId }, panel, disposables: [], ready: false, revision: 0, last: undefined, lastContent: undefined, generation: 0 };
    open.disposables.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw, open.ref)),
      // A hidden webview is discarded; it says "ready" again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) open.ready = false;
        if (panel.active) this.lastActive = key;
      }),
      panel.onDidDispose(() => {
        this.panels.delete(key);
        if (this.lastActive === key) this.lastActive = undefined;
        vscode.Disposable.from(...open.disposables.splice(0)).dispose();
      }),
    );
    this.panels.set(key, open);
    this.lastActive = key;
    await this.refresh(open);
  }

  isOpen(ref: ProjectRef): boolean {
    return this.panels.has(keyOf(ref));
  }

  /**
   * Handles one message as if the webview of `ref`'s panel (by default the last one opened or focused) had sent
   * it; the integration tests drive the panel through this. Resolves when what it asked for is done.
   */
  async receive(raw: unknown, ref?: ProjectRef): Promise<void> {
    const key = ref ? keyOf(ref) : this.lastActive;
    const open = key === undefined ? undefined : this.panels.get(key);
    const parsed = ProjectToHost.safeParse(raw);
    if (!parsed.success) {
      // Not one of our messages, or too big to be one: refused whole, and said so in the log.
      this.log.error(`Project panel: refused a message that does not follow the protocol (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
      return;
    }
    if (!open) return;
    const message = parsed.data;
    try {
      switch (message.type) {
        case 'ready':
          open.ready = true;
          if (open.last) void open.panel.webview.postMessage(open.last);
          else await this.refresh(open);
          break;
        case 'rendered': {
          const last = open.last;
          if (!last || last.revision !== message.revision) break; // an older message, already replaced
          this.rendered.fire({
            folderUri: open.ref.folderUri,
            projectId: open.ref.projectId,
            revision: message.revision,
            tab: message.tab,
            view: last.type === 'show' ? last.view : undefined,
            ...(last.type === 'unavailable' ? { unavailable: last.message } : {}),
          });
          break;
        }
        case 'requirementAction':
          await this.runAction(open, message.action, message.requirementId, message.expectedStatus);
          break;
        case 'openEvidence':
          await this.openEvidence(open, message.requirementId, message.index);
          break;
        case 'showDetails':
          if (message.kind === 'pattern' && message.id.startsWith('CAPEC-')) await vscode.commands.executeCommand('threatModeling.capec.showDetails', message.id);
          else if (message.kind === 'requirement' && message.id.startsWith('V')) await vscode.commands.executeCommand('threatModeling.asvs.showDetails', message.id);
          else this.log.error(`Project panel: refused showDetails for ${message.kind} "${message.id}".`);
          break;
      }
    } catch (e) {
      this.log.error(`Project panel: ${e instanceof Error ? e.message : String(e)}`);
      reportError(e);
    }
  }

  /** The tree's command, with the argument the tree passes; the command asks what it needs and guards the workflow. */
  private async runAction(open: OpenPanel, action: RequirementAction, requirementId: string, expectedStatus: RequirementRef['expectedStatus']): Promise<void> {
    const found = this.projectOf(open.ref);
    const requirement = found?.project.requirements.find((r) => r.id === requirementId);
    if (!found || !requirement) {
      this.log.error(`Project panel: refused ${action} on ${requirementId}, which project "${open.ref.projectId}" does not have.`);
      return;
    }
    // What the tree would offer on this requirement now (nothing but Reveal in Restricted Mode or a Done project).
    const offered = vscode.workspace.isTrusted ? requirementActions(requirement.status, found.project.status === 'done') : ['reveal'];
    if (!offered.includes(action)) {
      this.log.error(`Project panel: refused ${action} on ${requirementId}, which is ${requirement.status}: the tree does not offer it there.`);
      void this.refresh(open); // the panel was out of date: show what is true now
      return;
    }
    const ref: RequirementRef = { folderUri: open.ref.folderUri, projectId: open.ref.projectId, requirementId, expectedStatus };
    await vscode.commands.executeCommand(`threatModeling.requirement.${action}`, ref);
  }

  /** Opens a code or file evidence of the project: the path comes from the model and must stay in the workspace. */
  private async openEvidence(open: OpenPanel, requirementId: string, index: number): Promise<void> {
    const found = this.projectOf(open.ref);
    const evidence = found?.project.requirements.find((r) => r.id === requirementId)?.evidence?.[index];
    if (!found || !evidence || evidence.type === 'text') {
      this.log.error(`Project panel: refused to open evidence ${index} of ${requirementId}: there is no such file or code evidence.`);
      return;
    }
    const problem = workspacePathProblem(evidence.path);
    const uri = vscode.Uri.joinPath(found.store.folder.uri, ...evidence.path.split('/'));
    // Resolving links too: a symlink in the repository must not lead the editor out of the folder.
    if (problem || !workspaceRelativePath(found.store.folder.uri.fsPath, uri.fsPath)) {
      throw new Error(`Evidence "${evidence.path.slice(0, 200)}" of ${requirementId} cannot be opened: ${problem ?? 'it is not a file inside the workspace folder (missing, or a link that leads out)'}.`);
    }
    if (evidence.type === 'file') {
      // Any kind of file (an image, a PDF): VS Code picks the editor.
      await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    let selection: vscode.Range | undefined;
    if (evidence.lines && document.lineCount > 0) {
      // The file may have shrunk since the evidence was linked: select what is left of the range.
      const first = Math.min(evidence.lines[0], document.lineCount) - 1;
      const last = Math.min(evidence.lines[1], document.lineCount) - 1;
      selection = new vscode.Range(first, 0, last, document.lineAt(last).text.length);
    }
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, selection });
    if (selection) editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private refreshAll(): void {
    for (const open of this.panels.values()) void this.refresh(open);
  }

  /** Sends the project as it is now, or why it cannot be shown; nothing while the file is (re)loading. */
  private async refresh(open: OpenPanel): Promise<void> {
    const generation = ++open.generation;
    const store = this.models.byFolder(open.ref.folderUri);
    let next: DistributiveOmit<HostToProject, 'revision'> | undefined;
    try {
      next = await this.content(open, store);
    } catch (e) {
      this.log.error(`Project panel: ${e instanceof Error ? e.message : String(e)}`);
      next = { type: 'unavailable', name: open.panel.title.slice(0, 200), message: 'The panel could not read the catalogs; see the Threat Modeling output.' };
    }
    if (!next || generation !== open.generation || !this.panels.has(keyOf(open.ref))) return;
    const content = JSON.stringify(next);
    if (content === open.lastContent) return;
    let message = { ...next, revision: open.revision + 1 } as HostToProject;
    // The builder clips to the protocol's caps; a view that still does not fit is logged, and the panel says
    // so rather than keep showing "Loading" or an older view.
    const checked = HostToProject.safeParse(message);
    if (!checked.success) {
      this.log.error(`Project panel: the view of "${open.ref.projectId}" does not fit the protocol (${checked.error.issues[0]?.message}).`);
      message = {
        type: 'unavailable',
        revision: open.revision + 1,
        name: open.panel.title.slice(0, 200),
        message: 'This project has an entry the panel cannot show (see the Threat Modeling output); the Projects view and the file still show it.',
      };
    }
    open.revision += 1;
    open.last = message;
    open.lastContent = content;
    if (message.type === 'show' && open.panel.title !== message.view.name) open.panel.title = message.view.name;
    if (open.ready) void open.panel.webview.postMessage(message);
  }

  private async content(open: OpenPanel, store: ThreatModelStore | undefined): Promise<DistributiveOmit<HostToProject, 'revision'> | undefined> {
    const name = open.panel.title.slice(0, 200);
    const unavailable = (message: string) => ({ type: 'unavailable' as const, name, message });
    if (!store) return unavailable('The workspace folder of this project is no longer open.');
    const state = store.current;
    const file = vscode.workspace.asRelativePath(store.uri);
    switch (state.kind) {
      case 'loading':
        return undefined;
      case 'missing':
        return unavailable(`${file} no longer exists.`);
      case 'unreadable':
        return unavailable(`${file} cannot be read: ${state.error.slice(0, 500)}`);
      case 'invalid':
        return unavailable(`${file} has problems (see the Problems panel); the project shows again once they are fixed.`);
    }
    const project = state.file.model.projects.find((p) => p.id === open.ref.projectId);
    if (!project) return unavailable(`The project "${name}" is no longer in ${file}: it was removed, or its id changed.`);
    const edition = state.file.model.asvs;
    const indexes = await this.catalogs.catalogs(edition);
    return { type: 'show', view: projectView(project, edition, indexes), readOnly: !vscode.workspace.isTrusted };
  }

  private projectOf(ref: ProjectRef) {
    const store = this.models.byFolder(ref.folderUri);
    const project = store?.file?.model.projects.find((p) => p.id === ref.projectId);
    return store && project ? { store, project } : undefined;
  }

  dispose(): void {
    for (const open of [...this.panels.values()]) open.panel.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/**
 * "Open Project": from a project node of the Projects view (the tree passes the node), a { folderUri,
 * projectId } reference, or the Command Palette (a pick of the workspace's projects).
 */
export function registerProjectPanelCommand(models: WorkspaceModels, panel: ProjectPanel): vscode.Disposable {
  return vscode.commands.registerCommand('threatModeling.project.open', async (arg?: ProjectRef | { store: ThreatModelStore; project: { id: string } }) => {
    try {
      let ref: ProjectRef | undefined =
        arg && typeof arg === 'object' && 'store' in arg
          ? { folderUri: arg.store.folder.uri.toString(), projectId: arg.project.id }
          : arg && typeof arg === 'object' && typeof arg.folderUri === 'string' && typeof arg.projectId === 'string'
            ? { folderUri: arg.folderUri, projectId: arg.projectId }
            : undefined;
      if (!ref) {
        const choices = models.all.flatMap((store) =>
          (store.file?.model.projects ?? []).map((p) => ({ label: p.name, description: models.all.length > 1 ? store.folder.name : undefined, ref: { folderUri: store.folder.uri.toString(), projectId: p.id } })),
        );
        if (choices.length === 0) throw new Error('There is no project to open: start one with Start New Project… or add one to threatmodel.yaml.');
        ref = choices.length === 1 ? choices[0].ref : (await vscode.window.showQuickPick(choices, { placeHolder: 'Which project?' }))?.ref;
      }
      if (ref) await panel.open(ref);
    } catch (e) {
      reportError(e);
    }
  });
}

function keyOf(ref: ProjectRef): string {
  return `${ref.folderUri}#${ref.projectId}`;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
