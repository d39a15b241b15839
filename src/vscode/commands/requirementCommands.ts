// Commands that move a requirement through its workflow. They ask for what the workflow needs
// (evidence, justification, reason), then hand the change to the store; core enforces the rules.
import * as vscode from 'vscode';
import { codeEvidence } from '../../core/evidence/codeEvidence';
import { workspaceRelativePath } from '../../core/evidence/workspacePath';
import { locateRequirement } from '../../core/model/locate';
import { changeRequirementStatus, type RequirementStatusChange } from '../../core/model/operations';
import type { Evidence, RequirementStatus } from '../../core/model/schema';
import type { Identity } from '../identity';
import type { ThreatModelStore } from '../model/threatModelStore';
import type { WorkspaceModels } from '../model/workspaceModels';
import type { RequirementRef } from '../views/projectsTreeProvider';
import { reportError } from './reportError';

export function registerRequirementCommands(models: WorkspaceModels, identity: Identity): vscode.Disposable {
  const change = async (given: RequirementRef, request: Omit<RequirementStatusChange, 'projectId' | 'requirementId'>) => {
    const ref = checkRef(given);
    const store = resolveStore(models, ref);
    const by = await identity.nameFor(store.folder);
    await store.update((file) =>
      changeRequirementStatus(
        file,
        { ...request, projectId: ref.projectId, requirementId: ref.requirementId, expectedFrom: ref.expectedStatus },
        { by, at: new Date().toISOString() },
      ),
    );
  };
  const simple = (to: RequirementStatus) => (ref: RequirementRef) => run(() => change(ref, { to }));

  return vscode.Disposable.from(
    vscode.commands.registerCommand('threatModeling.requirement.markRunning', simple('running')),
    vscode.commands.registerCommand('threatModeling.requirement.markTodo', simple('todo')),
    // Callers other than the menu may pass the evidence: a note, an Evidence, or { selection: true, note }.
    vscode.commands.registerCommand('threatModeling.requirement.markDone', (ref: RequirementRef, evidence?: Evidence | string | { selection: true; note?: string }) =>
      run(async () => {
        const store = resolveStore(models, checkRef(ref));
        const chosen =
          evidence === undefined
            ? await askForEvidence(store, ref)
            : typeof evidence === 'string'
              ? textEvidence(evidence)
              : 'selection' in evidence
                ? selectionEvidence(store, typeof evidence.note === 'string' ? evidence.note : undefined)
                : evidence;
        if (chosen) await change(ref, { to: 'done', evidence: [chosen] });
      }),
    ),
    vscode.commands.registerCommand('threatModeling.requirement.markNotApplicable', (ref: RequirementRef, justification?: string) =>
      run(async () => {
        const text = justification ?? (await askText(`Why is ${checkRef(ref).requirementId} not applicable?`, 'A justification is required; it is recorded in the threat model.'));
        if (text !== undefined) await change(ref, { to: 'not_applicable', justification: text });
      }),
    ),
    vscode.commands.registerCommand('threatModeling.requirement.markNotAccording', (ref: RequirementRef, reason?: string) =>
      run(async () => {
        const text = reason ?? (await askText(`Why does the evidence for ${checkRef(ref).requirementId} not hold?`, 'The reason is sent back to the developer with the requirement.'));
        if (text !== undefined) await change(ref, { to: 'not_according', reason: text });
      }),
    ),
    vscode.commands.registerCommand('threatModeling.requirement.reveal', (ref: RequirementRef) =>
      run(async () => {
        const store = resolveStore(models, checkRef(ref));
        const range = store.file && locateRequirement(store.file, ref.projectId, ref.requirementId);
        const selection = range && new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
        await vscode.window.showTextDocument(store.uri, { selection, preview: true });
      }),
    ),
  );
}

/** Commands run from a keybinding or another extension may get no argument at all. */
function checkRef(ref: RequirementRef | undefined): RequirementRef {
  if (!ref || typeof ref.projectId !== 'string' || typeof ref.requirementId !== 'string') {
    throw new Error('Select a requirement in the Threat Modeling view first.');
  }
  return ref;
}

export function resolveStore(models: WorkspaceModels, ref: { folderUri?: string } | undefined): ThreatModelStore {
  const store = ref?.folderUri ? models.byFolder(ref.folderUri) : models.storeFor();
  if (!store) throw new Error('Select a requirement in the Threat Modeling view first.');
  return store;
}

async function run(task: () => Promise<void>): Promise<void> {
  try {
    await task();
  } catch (e) {
    reportError(e);
  }
}

function textEvidence(text: string): Evidence | undefined {
  return text.trim() ? { type: 'text', text: text.trim() } : undefined;
}

async function askText(prompt: string, placeHolder: string): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    prompt,
    placeHolder,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'This cannot be empty.'),
  });
  return text?.trim() || undefined;
}

type EvidenceChoice = vscode.QuickPickItem & { readonly make: () => Promise<Evidence | undefined> };

/** The active editor's selection as a place that can become code evidence, or why it cannot. */
type SelectionSource =
  | { readonly ok: true; readonly path: string; readonly first: number; readonly last: number; readonly text: string }
  | { readonly ok: false; readonly reason: string };

function selectionSource(store: ThreatModelStore): SelectionSource {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.toString() === store.uri.toString()) return { ok: false, reason: 'Select code in an editor to link it as evidence.' };
  const path = editor.document.uri.scheme === 'file' ? workspaceRelativePath(store.folder.uri.fsPath, editor.document.uri.fsPath) : undefined;
  if (!path) return { ok: false, reason: 'Evidence must be a file inside the workspace folder of the threat model.' };
  if (editor.document.isDirty) return { ok: false, reason: `${path} has unsaved changes; save it first, since evidence records the saved lines and their hash.` };
  const sel = editor.selection;
  const first = sel.start.line;
  // A selection ending at column 0 of a line does not include that line.
  const last = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
  const text = editor.document.getText(new vscode.Range(first, 0, last, editor.document.lineAt(last).text.length));
  return { ok: true, path, first: first + 1, last: last + 1, text };
}

/** Code evidence from the active editor's selection; throws with the reason when there is none to link. */
function selectionEvidence(store: ThreatModelStore, note?: string): Evidence {
  const source = selectionSource(store);
  if (!source.ok) throw new Error(source.reason);
  return codeEvidence(source.path, source.first, source.last, source.text, note);
}

async function askForEvidence(store: ThreatModelStore, ref: RequirementRef): Promise<Evidence | undefined> {
  const choices: EvidenceChoice[] = [];
  const source = selectionSource(store);
  if (source.ok) {
    choices.push({
      label: '$(selection) Link the current selection',
      description: `${source.path}:${source.first}-${source.last}`,
      make: async () => {
        const note = await vscode.window.showInputBox({ prompt: 'A note on how this code meets the requirement (optional)', ignoreFocusOut: true });
        return note === undefined ? undefined : selectionEvidence(store, note);
      },
    });
  }
  choices.push({
    label: '$(note) Write a note',
    description: 'text evidence, such as a test report reference',
    make: async () => textEvidence((await askText(`Evidence for ${ref.requirementId}`, 'How is the requirement met?')) ?? ''),
  });
  const picked = await vscode.window.showQuickPick(choices, {
    title: `Mark ${ref.requirementId} Done`,
    placeHolder: source.ok ? 'Choose the evidence that proves the requirement is met' : source.reason,
  });
  return picked?.make();
}
