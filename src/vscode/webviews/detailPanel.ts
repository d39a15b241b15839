// Hosts the catalog detail panel: one reusable webview showing a pattern or a requirement.
import * as vscode from 'vscode';
import { patternDetail, requirementDetail, type DetailView } from '../../core/details/detailView';
import { DetailToHost, type HostToDetail } from '../../protocol/detailPanel';
import type { CatalogService } from '../catalog/catalogService';
import { webviewHtml, webviewOptions } from './webviewHtml';

export interface DetailTarget {
  readonly kind: 'pattern' | 'requirement';
  readonly id: string;
}

export class DetailPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  /** The last thing shown; sent again whenever the webview (re)loads, e.g. after its tab was hidden. */
  private last: HostToDetail | undefined;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<DetailTarget>();
  private readonly addRequested = new vscode.EventEmitter<string>();

  /** Fires when the webview has rendered a detail (what the person now sees). */
  readonly onDidRender = this.rendered.event;
  /** Fires when the person asks to add the shown pattern to an architecture item. */
  readonly onDidRequestAddToItem = this.addRequested.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly catalogs: CatalogService,
    private readonly canAddToItem: () => boolean,
  ) {}

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  async show(target: DetailTarget): Promise<void> {
    const indexes = await this.catalogs.catalogs();
    const detail: DetailView | undefined = target.kind === 'pattern' ? patternDetail(indexes, target.id) : requirementDetail(indexes, target.id);
    if (!detail) {
      void vscode.window.showWarningMessage(`${target.id} is not in the ${target.kind === 'pattern' ? 'CAPEC' : `ASVS ${indexes.edition}`} catalog.`);
      return;
    }
    const panel = this.ensurePanel();
    panel.title = detail.kind === 'pattern' ? `${detail.id} ${detail.name}` : `ASVS ${detail.id}`;
    panel.reveal(undefined, false);
    this.send({ type: 'show', detail, canAddToItem: detail.kind === 'pattern' && this.canAddToItem() });
  }

  private send(message: HostToDetail): void {
    this.last = message;
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = vscode.window.createWebviewPanel('threatModeling.detail', 'Threat Modeling', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'threat-modeling.svg');
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, 'detail.js', 'Threat Modeling', '<tm-detail></tm-detail>');
    this.ready = false;
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      // A hidden webview is discarded (no retainContextWhenHidden); it says "ready" again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        vscode.Disposable.from(...this.panelDisposables.splice(0)).dispose();
      }),
    );
    this.panel = panel;
    return panel;
  }

  private receive(raw: unknown): void {
    const parsed = DetailToHost.safeParse(raw);
    if (!parsed.success) return; // A webview is not trusted to speak the protocol; ignore anything else.
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // Whether items can take a pattern may have changed while the panel was hidden.
        if (this.last && this.panel) {
          void this.panel.webview.postMessage({ ...this.last, canAddToItem: this.last.detail.kind === 'pattern' && this.canAddToItem() });
        }
        break;
      case 'rendered':
        this.rendered.fire({ kind: message.kind, id: message.id });
        break;
      case 'open':
        if (message.target === 'cwe') {
          const number = /^CWE-(\d+)$/.exec(message.id)?.[1];
          if (number) void vscode.env.openExternal(vscode.Uri.parse(`https://cwe.mitre.org/data/definitions/${number}.html`));
        } else {
          void this.show({ kind: message.target, id: message.id });
        }
        break;
      case 'addToItem':
        this.addRequested.fire(message.capecId);
        break;
      case 'openReference':
        void this.catalogs.catalogs().then((indexes) => {
          const url = indexes.asvs.requirement(message.requirementId)?.references?.[message.index]?.url;
          if (url?.startsWith('https://')) void vscode.env.openExternal(vscode.Uri.parse(url));
        });
        break;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
    this.addRequested.dispose();
  }
}
