// Hosts the "Start New Project" wizard: one webview per workspace folder, whose draft is kept in the
// workspace state on every change (closing the panel by accident loses nothing) and whose save goes through
// the model store as one change. The webview only asks; everything it sends is validated, and what is
// saved is derived again here from the catalogs.
import * as vscode from 'vscode';
import { createProject, validateProjectDetails } from '../../core/model/createProject';
import { updateProjectDetails } from '../../core/model/projectAdmin';
import type { Project, ThreatModel } from '../../core/model/schema';
import { emptyModelText } from '../../core/model/starter';
import type { SuggestionEngine } from '../../core/suggest/suggestionEngine';
import { architectureDraft, architectureEdit, architectureSignature, chosenPatterns, detailsFromForm, detailsToSave, formOf, newProjectRequest, requirementViews, suggestableItem, suggestionView } from '../../core/wizard/newProjectDraft';
import { editArchitecture } from '../../core/model/editArchitecture';
import { emptyDraft, MAX_ITEMS, WizardDraft, WizardToHost, type DraftDetails, type DraftItem, type HostToWizard } from '../../protocol/wizard';
import type { CatalogService } from '../catalog/catalogService';
import type { Identity } from '../identity';
import type { ThreatModelStore } from '../model/threatModelStore';
import { webviewHtml, webviewOptions } from './webviewHtml';

/** Suggestions shown per item in step 2. */
const SUGGESTIONS_SHOWN = 25;

export interface WizardEvents {
  /** The step on screen after each render (for the tests and for whoever waits on the panel). */
  readonly step: string;
}

/** A new project, the step-4 details of an existing one, or its architecture (steps 1-3). */
type WizardMode = { readonly kind: 'new' } | { readonly kind: 'details' | 'architecture'; readonly projectId: string };

export class NewProjectWizard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private store: ThreatModelStore | undefined;
  private mode: WizardMode = { kind: 'new' };
  /** Editing an architecture: which item each draft key stands for. */
  private keyToId = new Map<string, string>();
  /** Editing: what the project looked like when the panel opened, to change only what the person changed. */
  private openedWith: { form?: DraftDetails; project?: Project; signature?: string } = {};
  /** How the person is asked about requirements with progress; replaceable by tests, which cannot click a modal. */
  askAboutProgress: (message: string) => Thenable<'Keep Them' | 'Remove Them' | undefined> = (message) =>
    vscode.window.showWarningMessage(message, { modal: true }, 'Keep Them' as const, 'Remove Them' as const);
  private readonly panelDisposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<WizardEvents>();
  private readonly saved = new vscode.EventEmitter<{ projectId: string; store: ThreatModelStore }>();
  readonly onDidRender = this.rendered.event;
  readonly onDidSave = this.saved.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly state: vscode.Memento,
    private readonly catalogs: CatalogService,
    private readonly identity: Identity,
    private readonly log: vscode.LogOutputChannel,
    private readonly showPattern: (capec: string) => void,
  ) {}

  /** Opens (or brings back) the wizard for a workspace folder's model. */
  open(store: ThreatModelStore): void {
    this.show(store, { kind: 'new' }, 'New Threat Model Project');
  }

  /** Opens the form of step 4 on an existing project's details. */
  editDetails(store: ThreatModelStore, projectId: string): void {
    const project = store.file?.model.projects.find((p) => p.id === projectId);
    if (!project) throw new Error('That project is no longer in the threat model.');
    this.show(store, { kind: 'details', projectId }, `Details: ${project.name}`);
  }

  /** Opens steps 1-3 on an existing project's items, patterns and requirements. */
  editArchitecture(store: ThreatModelStore, projectId: string): void {
    const project = store.file?.model.projects.find((p) => p.id === projectId);
    if (!project) throw new Error('That project is no longer in the threat model.');
    if (project.status === 'done') throw new Error(`Project "${project.name}" is Done and locked for review. Reopen it to change its architecture.`);
    this.show(store, { kind: 'architecture', projectId }, `Architecture: ${project.name}`);
  }

  private show(store: ThreatModelStore, mode: WizardMode, title: string): void {
    if (store.current.kind === 'invalid' || store.current.kind === 'unreadable') {
      throw new Error(`${vscode.workspace.asRelativePath(store.uri)} has problems; fix them (see the Problems panel) first.`);
    }
    if (this.panel && this.store === store && sameMode(this.mode, mode)) {
      this.panel.reveal();
      return;
    }
    this.panel?.dispose();
    this.store = store;
    this.mode = mode;
    const panel = vscode.window.createWebviewPanel('threatModeling.newProject', title, vscode.ViewColumn.Active, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'threat-modeling.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'wizard.js', title, '<tm-wizard></tm-wizard>');
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.store = undefined;
        vscode.Disposable.from(...this.panelDisposables.splice(0)).dispose();
      }),
    );
    this.panel = panel;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The draft kept for a folder, if any (what reopening the wizard restores). */
  draftFor(store: ThreatModelStore): WizardDraft | undefined {
    const parsed = WizardDraft.safeParse(this.state.get(draftKey(store)));
    return parsed.success ? parsed.data : undefined;
  }

  /** Handles one message as if the webview had sent it; the integration tests drive the wizard through this. */
  async receive(raw: unknown): Promise<void> {
    const parsed = WizardToHost.safeParse(raw);
    if (!parsed.success) {
      // Not one of our messages, or too big to be one: refused whole, and said so in the log.
      this.log.error(`New project wizard: refused a message that does not follow the protocol (${parsed.error.issues[0]?.message ?? 'invalid'}).`);
      return;
    }
    const store = this.store;
    if (!store) return;
    const message = parsed.data;
    try {
      switch (message.type) {
        case 'ready':
          await this.sendInit(store);
          break;
        case 'rendered':
          this.rendered.fire({ step: message.step });
          break;
        case 'draftChanged':
          if (this.mode.kind === 'new') await this.state.update(draftKey(store), message.draft);
          break;
        case 'suggest': {
          const engine = await this.engine(store);
          const capec = engine.capec;
          const suggestions = engine.suggest(suggestableItem(message.item), { limit: SUGGESTIONS_SHOWN });
          this.send({ type: 'suggestions', itemKey: message.item.key, suggestions: suggestions.map((s) => suggestionView(s, capec.pattern(s.capec)?.description ?? '')) });
          break;
        }
        case 'search': {
          const search = await this.catalogs.search(this.edition(store));
          const hits = search.search(message.query, { types: ['capec'], limit: 20 });
          const results = hits.flatMap((h) =>
            h.type === 'capec'
              ? [suggestionView({ capec: h.pattern.id, name: h.pattern.name, abstraction: h.pattern.abstraction, severity: h.pattern.severity, likelihood: h.pattern.likelihood, score: 0, isDefault: false, preselected: false, selected: false, reasons: [] }, h.pattern.description)]
              : [],
          );
          this.send({ type: 'searchResults', itemKey: message.itemKey, query: message.query, results });
          break;
        }
        case 'derive': {
          const indexes = await this.catalogs.catalogs(this.edition(store));
          this.send({ type: 'requirements', ...requirementViews(indexes, message.items) });
          break;
        }
        case 'validate':
          this.send({ type: 'problems', problems: [...validateProjectDetails(detailsFromForm(message.details), this.otherProjects(store), { idFromName: this.mode.kind === 'new' })] });
          break;
        case 'showPattern':
          this.showPattern(message.capec);
          break;
        case 'save':
          if (this.mode.kind === 'details') await this.saveDetails(store, this.mode.projectId, message.draft);
          else if (this.mode.kind === 'architecture') await this.saveArchitecture(store, this.mode.projectId, message.draft);
          else await this.save(store, message.draft);
          break;
        case 'discard':
          if (this.mode.kind === 'new') await this.state.update(draftKey(store), undefined);
          this.panel?.dispose();
          break;
      }
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.log.error(`New project wizard: ${text}`);
      this.send({ type: 'error', message: text.slice(0, 2_000) });
    }
  }

  private async sendInit(store: ThreatModelStore): Promise<void> {
    const engine = await this.engine(store);
    const kinds = engine.kinds.kinds.map((k) => ({ id: k.id, label: k.label, description: k.description }));
    const technologies = engine.ruleSet.keywords.keywords().sort().slice(0, 2_000);
    if (this.mode.kind !== 'new') {
      const projectId = this.mode.projectId;
      const project = store.file?.model.projects.find((p) => p.id === projectId);
      if (!project) throw new Error('That project is no longer in the threat model.');
      const editing = { projectId: project.id, projectName: project.name.slice(0, 200), scope: this.mode.kind };
      if (this.mode.kind === 'details') {
        const form = formOf(project);
        this.openedWith = { form, project };
        this.send({ type: 'init', kinds, technologies, edition: this.edition(store), draft: { ...emptyDraft(), step: 'save', details: form }, editing });
      } else {
        if (project.items.length > MAX_ITEMS) throw new Error(`Project "${project.name}" has ${project.items.length} items; the wizard edits at most ${MAX_ITEMS}. Edit the file by hand.`);
        const { draft, keyToId } = architectureDraft(await this.catalogs.catalogs(this.edition(store)), project);
        this.keyToId = keyToId;
        this.openedWith = { project, signature: architectureSignature(project) };
        this.send({ type: 'init', kinds, technologies, edition: this.edition(store), draft, editing });
      }
      return;
    }
    const draft = this.draftFor(store);
    this.send({ type: 'init', kinds, technologies, edition: this.edition(store), ...(draft ? { draft } : {}) });
  }

  private async saveDetails(store: ThreatModelStore, projectId: string, draft: WizardDraft): Promise<void> {
    // Fields the person did not touch keep their value exactly as the file has it (a multi-line goal, a tag
    // with a comma), so that only what changed is written.
    const { form, project } = this.openedWith;
    const typed = detailsFromForm(draft.details);
    const details = form && project ? detailsToSave(draft.details, form, project) : typed;
    const problems = validateProjectDetails(details, this.otherProjects(store), { idFromName: false });
    if (problems.length > 0) {
      this.send({ type: 'problems', problems: [...problems] });
      return;
    }
    const actor = { by: await this.identity.nameFor(store.folder), at: new Date().toISOString() };
    await store.update((file) => updateProjectDetails(file, projectId, details, actor));
    this.send({ type: 'saved', projectId, projectName: details.name.trim().slice(0, 200) });
    this.saved.fire({ projectId, store });
    this.panel?.dispose();
  }

  private async saveArchitecture(store: ThreatModelStore, projectId: string, draft: WizardDraft): Promise<void> {
    const engine = await this.engine(store);
    const indexes = await this.catalogs.catalogs(this.edition(store));
    const patternsOf = (item: DraftItem) => patternsChosen(engine, item);
    const opened = this.openedWith.project;
    const file = store.file;
    if (!file || !opened) throw new Error('The threat model file is not loaded.');
    // The draft was made from the project as it was; if the file changed meanwhile (a pull, another window, a
    // hand edit), applying it would undo those changes. Start again from the file instead.
    const current = file.model.projects.find((p) => p.id === projectId);
    if (!current || architectureSignature(current) !== this.openedWith.signature) {
      throw new Error('The project changed in the file since this panel opened; nothing was saved. Close it and choose Edit Architecture again to start from the current file.');
    }
    const edit = architectureEdit(indexes, draft, this.keyToId, patternsOf, opened);
    const actor = { by: await this.identity.nameFor(store.folder), at: new Date().toISOString() };
    // Planned once on what is shown, to ask about requirements with progress before anything is written.
    const preview = editArchitecture(file, projectId, edit, actor);
    let removeWithProgress = false;
    if (preview.withProgress.length > 0) {
      const list = preview.withProgress.slice(0, 10).join(', ') + (preview.withProgress.length > 10 ? ', …' : '');
      const answer = await this.askAboutProgress(
        `${preview.withProgress.length} requirement(s) no longer follow from the architecture but have progress, evidence or a justification: ${list}. Keep them in the project, or remove them (recorded in the history)?`,
      );
      if (answer === undefined) {
        this.send({ type: 'error', message: 'Nothing was saved.' });
        return;
      }
      removeWithProgress = answer === 'Remove Them';
    }
    const plan = await (async () => {
      let result: ReturnType<typeof editArchitecture> | undefined;
      await store.update((latest) => {
        result = editArchitecture(latest, projectId, edit, actor, { removeWithProgress });
        return result.changes;
      });
      return result!;
    })();
    this.send({ type: 'saved', projectId, projectName: (file.model.projects.find((p) => p.id === projectId)?.name ?? projectId).slice(0, 200) });
    this.saved.fire({ projectId, store });
    const parts = [
      plan.addedItems.length ? `${plan.addedItems.length} item(s) added` : '',
      plan.removedItems.length ? `${plan.removedItems.length} removed` : '',
      `${plan.addedRequirements.length} requirement(s) added`,
      `${plan.removedRequirements.length} removed`,
      plan.withProgress.length && !removeWithProgress ? `${plan.withProgress.length} with progress kept` : '',
    ].filter(Boolean);
    void vscode.window.showInformationMessage(`Architecture saved: ${parts.join(', ')}.`);
    this.panel?.dispose();
  }

  /** The model as duplicate checks see it: when editing a project, without that project. */
  private otherProjects(store: ThreatModelStore): ThreatModel | undefined {
    const model = this.model(store);
    if (!model || this.mode.kind !== 'details') return model;
    const editing = this.mode.projectId;
    return { ...model, projects: model.projects.filter((p) => p.id !== editing) };
  }

  private async save(store: ThreatModelStore, draft: WizardDraft): Promise<void> {
    const problems = validateProjectDetails(detailsFromForm(draft.details), this.model(store));
    if (problems.length > 0) {
      this.send({ type: 'problems', problems: [...problems] });
      return;
    }
    if (draft.items.length === 0) throw new Error('Add at least one architecture item first (step 1).');
    const engine = await this.engine(store);
    const indexes = await this.catalogs.catalogs(this.edition(store));
    // Items whose patterns the person never touched get the pre-selection, computed again here.
    const patternsOf = (item: DraftItem) => patternsChosen(engine, item);
    const request = newProjectRequest(indexes, draft, patternsOf);
    const actor = { by: await this.identity.nameFor(store.folder), at: new Date().toISOString() };
    if (store.current.kind === 'missing') await store.create(emptyModelText(this.edition(store)));
    let projectId = '';
    await store.update((file) => {
      const plan = createProject(file, request, actor);
      projectId = plan.projectId;
      return plan.changes;
    });
    await this.state.update(draftKey(store), undefined);
    this.send({ type: 'saved', projectId, projectName: request.details.name.trim().slice(0, 200) });
    this.saved.fire({ projectId, store });
    void vscode.window.showInformationMessage(`Project "${request.details.name.trim()}" created: ${request.items.length} item(s), ${request.requirements.length} requirement(s) To do.`);
    this.panel?.dispose();
  }

  private async engine(store: ThreatModelStore): Promise<SuggestionEngine> {
    return (await this.catalogs.suggestions(store.folder.uri.fsPath)).engine;
  }

  private model(store: ThreatModelStore): ThreatModel | undefined {
    return store.file?.model;
  }

  private edition(store: ThreatModelStore): '5.0.0' | '4.0.3' {
    return store.file?.model.asvs ?? vscode.workspace.getConfiguration('threatModeling', store.folder).get<'5.0.0' | '4.0.3'>('asvsEdition') ?? '5.0.0';
  }

  private send(message: HostToWizard): void {
    if (this.panel) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
    this.saved.dispose();
  }
}

function draftKey(store: ThreatModelStore): string {
  return `threatModeling.newProjectDraft:${store.folder.uri.toString()}`;
}

function sameMode(a: WizardMode, b: WizardMode): boolean {
  if (a.kind === 'new' || b.kind === 'new') return a.kind === b.kind;
  return a.kind === b.kind && a.projectId === b.projectId;
}

/** An item's patterns as saved: the person's choice, else the pre-selected suggestions, computed again here. */
function patternsChosen(engine: SuggestionEngine, item: DraftItem): string[] {
  return chosenPatterns(item, item.patterns ? [] : engine.suggest(suggestableItem(item), { limit: SUGGESTIONS_SHOWN }).filter((s) => s.preselected).map((s) => s.capec));
}
