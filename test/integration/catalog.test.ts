// The CAPEC and ASVS views, the detail panel and adding a pattern to an item, in a real extension host.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ThreatModelingApi } from '../../src/vscode/extension';
import type { CapecNode } from '../../src/vscode/views/capecTreeProvider';
import type { DetailTarget } from '../../src/vscode/webviews/detailPanel';
import { FIXTURE, useFixtureModel } from './fixtureModel';


function nextRender(api: ThreatModelingApi, id: string, timeoutMs = 20_000): Promise<DetailTarget> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the detail panel did not render ${id}`));
    }, timeoutMs);
    const listener = api.detailPanel.onDidRender((target) => {
      if (target.id !== id) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(target);
    });
  });
}

describe('catalog views', () => {
  const fixture = useFixtureModel();
  let api: ThreatModelingApi;
  let modelPath: string;
  before(() => ({ api, modelPath } = fixture));

  it('shows the 9 Mechanisms of Attack categories and expands down to a Detailed pattern', async () => {
    await vscode.commands.executeCommand('threatModeling.capec.focus');
    const tree = api.capecTree;
    const roots = await tree.getChildren();
    assert.deepEqual(roots.map((r) => tree.getTreeItem(r).label), ['Mechanisms of Attack', 'Domains of Attack']);
    const mechanisms = await tree.getChildren(roots[0]);
    assert.equal(mechanisms.length, 9);
    assert.ok(mechanisms.some((c) => tree.getTreeItem(c).label === 'Inject Unexpected Items'));
    const domains = await tree.getChildren(roots[1]);
    assert.equal(domains.length, 6);

    // Inject Unexpected Items › Command Injection (Meta) › SQL Injection (Standard) › Blind SQL Injection (Detailed)
    const inject = mechanisms.find((c) => tree.getTreeItem(c).label === 'Inject Unexpected Items')!;
    const findChild = async (parent: CapecNode, id: string) => {
      const child = (await tree.getChildren(parent)).find((n) => n.kind === 'pattern' && n.pattern.id === id);
      assert.ok(child, `${id} under ${String(tree.getTreeItem(parent).label)}`);
      return child;
    };
    const commandInjection = await findChild(inject, 'CAPEC-248');
    const sqli = await findChild(commandInjection, 'CAPEC-66');
    const blind = await findChild(sqli, 'CAPEC-7');
    const item = tree.getTreeItem(blind);
    assert.equal(item.label, 'Blind SQL Injection');
    assert.match(String(item.description), /^CAPEC-7 · severity High/);
    assert.equal(blind.kind === 'pattern' && blind.pattern.abstraction, 'Detailed');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
  });

  it('opens the detail panel for a pattern and follows a link to a requirement', async () => {
    const rendered = nextRender(api, 'CAPEC-66');
    await vscode.commands.executeCommand('threatModeling.capec.showDetails', 'CAPEC-66');
    assert.deepEqual(await rendered, { kind: 'pattern', id: 'CAPEC-66' });
    assert.ok(api.detailPanel.visible);

    // Hidden behind another editor, the webview is discarded; shown again, it must render the pattern again.
    await vscode.window.showTextDocument(vscode.Uri.file(modelPath), { viewColumn: vscode.ViewColumn.Active });
    assert.equal(api.detailPanel.visible, false);
    const again = nextRender(api, 'CAPEC-66');
    await vscode.commands.executeCommand('workbench.action.previousEditor');
    assert.deepEqual(await again, { kind: 'pattern', id: 'CAPEC-66' });

    const requirement = nextRender(api, 'V1.2.4');
    await vscode.commands.executeCommand('threatModeling.asvs.showDetails', 'V1.2.4');
    assert.deepEqual(await requirement, { kind: 'requirement', id: 'V1.2.4' });
  });

  it('lists the ASVS 5.0.0 chapters of the model edition', async () => {
    const chapters = await api.asvsTree.getChildren();
    assert.equal(chapters.length, 17);
    assert.equal(api.asvsTree.getTreeItem(chapters[0]).label, 'V1 Encoding and Sanitization');
    const sections = await api.asvsTree.getChildren(chapters[0]);
    const injection = sections.find((s) => String(api.asvsTree.getTreeItem(s).label).startsWith('V1.2 '))!;
    const requirements = await api.asvsTree.getChildren(injection);
    assert.ok(requirements.some((r) => api.asvsTree.getTreeItem(r).label === 'V1.2.4'));
  });

  it('adds a pattern to an architecture item with the requirements it maps to', async () => {
    const folderUri = vscode.workspace.workspaceFolders![0].uri.toString();
    await vscode.commands.executeCommand('threatModeling.capec.addToItem', 'CAPEC-7', { folderUri, projectId: 'checkout', itemId: 'orders-db' });
    const text = readFileSync(modelPath, 'utf8');
    assert.match(text, /attackPatterns: \[CAPEC-66, CAPEC-7\]/);
    assert.match(text, /action: add-attack-pattern, note: "CAPEC-7 on orders-db/);
    const project = api.models.all[0].file!.model.projects[0];
    const caused = project.requirements.filter((r) => r.because?.some((b) => b.capec === 'CAPEC-7' && b.item === 'orders-db'));
    assert.ok(caused.some((r) => r.id === 'V1.2.4'), 'the parameterised-query requirement follows from blind SQL injection');
    assert.match(text, /# Ana is pairing with the identity team on this one\./);
  });

  it('finds "sql injection" and "CAPEC-66" from the search command and opens the first hit', async () => {
    for (const query of ['sql injection', 'CAPEC-66']) {
      const rendered = nextRender(api, 'CAPEC-66');
      await vscode.commands.executeCommand('threatModeling.searchCatalogs', query);
      await new Promise((r) => setTimeout(r, 300));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepEqual(await rendered, { kind: 'pattern', id: 'CAPEC-66' }, `query "${query}"`);
    }
    const search = await api.catalogs.search();
    assert.equal(search.search('V1.2.4')[0]?.id, 'V1.2.4');
  });

  it('suggests access-control, injection and flooding patterns for a REST API item and adds the chosen ones', async () => {
    writeFileSync(modelPath, FIXTURE);
    await api.models.all[0].reload();
    const folder = vscode.workspace.workspaceFolders![0];
    const item = api.models.all[0].file!.model.projects[0].items[0];
    assert.equal(item.kind, 'rest-api');
    const { engine } = await api.catalogs.suggestions(folder.uri.fsPath);
    const suggested = engine.suggest(item, { excludeSelected: true }).map((s) => s.capec);
    for (const expected of ['CAPEC-1', 'CAPEC-125']) assert.ok(suggested.includes(expected), `${expected} among ${suggested.slice(0, 15).join(', ')}`);
    assert.ok(suggested.some((id) => ['CAPEC-7', 'CAPEC-108', 'CAPEC-248', 'CAPEC-136', 'CAPEC-676'].includes(id)), 'an injection pattern');

    await vscode.commands.executeCommand(
      'threatModeling.item.suggestPatterns',
      { folderUri: folder.uri.toString(), projectId: 'checkout', itemId: 'payments-api' },
      ['CAPEC-1', 'CAPEC-125'],
    );
    const model = api.models.all[0].file!.model.projects[0];
    assert.deepEqual(model.items[0].attackPatterns, ['CAPEC-66', 'CAPEC-88', 'CAPEC-115', 'CAPEC-125', 'CAPEC-1']);
    assert.ok(model.requirements.some((r) => r.because?.some((b) => b.capec === 'CAPEC-1')), 'access control brought its requirements');
    assert.match(readFileSync(modelPath, 'utf8'), /note: "CAPEC-125, CAPEC-1 on payments-api/);
  });

  it("uses the workspace's own suggestion rules and reports their mistakes in the Problems panel", async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const rulesPath = join(folder, '.threatmodel', 'rules.yaml');
    mkdirSync(join(folder, '.threatmodel'), { recursive: true });
    try {
      writeFileSync(
        rulesPath,
        'version: 1\nrules:\n  - id: team-express\n    when: { keywords: [express] }\n    reason: Our Express apps parse XML uploads.\n    patterns:\n      CAPEC-221: 9\n',
      );
      const item = api.models.all[0].file!.model.projects[0].items[0];
      const { engine, problems } = await api.catalogs.suggestions(folder);
      assert.deepEqual(problems, []);
      const xxe = engine.suggest(item).find((s) => s.capec === 'CAPEC-221');
      assert.ok(xxe, 'the workspace rule suggests XXE for an Express item');
      assert.ok(xxe.reasons.some((r) => r.source === 'workspace' && r.reason === 'Our Express apps parse XML uploads.'));

      writeFileSync(rulesPath, 'version: 1\nrules:\n  - id: broken\n    when: { keywords: [express] }\n    reason: typo in the id\n    patterns:\n      capec-12: 3\n');
      const uri = vscode.Uri.file(rulesPath);
      const deadline = Date.now() + 25_000;
      let diagnostics = vscode.languages.getDiagnostics(uri);
      while (diagnostics.length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        diagnostics = vscode.languages.getDiagnostics(uri);
      }
      assert.equal(diagnostics.length, 1, 'one diagnostic for the bad pattern id');
      assert.equal(diagnostics[0].range.start.line, 6);
      assert.match(diagnostics[0].message, /must look like CAPEC-66/);
      const after = await api.catalogs.suggestions(folder);
      assert.equal(after.problems.length, 1, 'the engine still works and reports the problem');
      assert.ok(after.engine.suggest(item).length > 0);

      // A rule that parses but names a pattern CAPEC does not have is reported once the catalog is loaded.
      writeFileSync(rulesPath, 'version: 1\nrules:\n  - id: unknown-id\n    when: { keywords: [express] }\n    reason: no such pattern\n    patterns:\n      CAPEC-99999: 3\n');
      const deadline2 = Date.now() + 25_000;
      let warnings = vscode.languages.getDiagnostics(uri);
      while (!warnings.some((d) => /CAPEC-99999/.test(d.message)) && Date.now() < deadline2) {
        await new Promise((r) => setTimeout(r, 100));
        warnings = vscode.languages.getDiagnostics(uri);
      }
      assert.ok(warnings.some((d) => /CAPEC-99999/.test(d.message) && d.range.start.line === 6), JSON.stringify(warnings.map((d) => d.message)));
    } finally {
      rmSync(join(folder, '.threatmodel'), { recursive: true, force: true });
    }
  });
});
