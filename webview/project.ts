// The project panel: a project's details, its progress by status, its architecture items and attack
// patterns, its requirements (filterable, with the tree's actions), and its history and evidence. The host
// sends the whole view on every change; this page only renders it and asks. Every message from the host is
// validated, and all model and catalog text is rendered as text, never as HTML.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { css, html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import type { EvidenceView, HistoryView, ItemView, ProjectView, RequirementAction, RequirementRowView } from '../src/core/details/projectView';
import { HostToProject, PROJECT_TABS, ProjectToHost } from '../src/protocol/projectPanel';
import { poster, vscode } from './shared/vscodeApi';

const post = poster(ProjectToHost);

type Tab = (typeof PROJECT_TABS)[number];

/** What survives the webview being hidden and shown again (it is discarded meanwhile). */
interface UiState {
  tab: Tab;
  status: string;
  level: string;
  item: string;
  text: string;
}
const DEFAULT_UI: UiState = { tab: 'overview', status: 'all', level: '3', item: 'all', text: '' };

function savedUi(): UiState {
  const s = vscode.getState() as Partial<UiState> | undefined;
  if (!s || typeof s !== 'object') return { ...DEFAULT_UI };
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.length <= 200 ? v : fallback);
  return {
    tab: PROJECT_TABS.includes(s.tab as Tab) ? (s.tab as Tab) : 'overview',
    status: str(s.status, 'all'),
    level: str(s.level, '3'),
    item: str(s.item, 'all'),
    text: str(s.text, ''),
  };
}

/** Short labels for the row buttons; the full command title is their tooltip and accessible name. */
const ACTIONS: Record<RequirementAction, { label: string; title: string; primary?: boolean }> = {
  markRunning: { label: 'Mark Running', title: 'Mark Running' },
  markDone: { label: 'Mark Done…', title: 'Mark Done with Evidence…', primary: true },
  markNotApplicable: { label: 'Not Applicable…', title: 'Mark Not Applicable…' },
  markNotAccording: { label: 'Reject…', title: 'Reject as Not According…' },
  markTodo: { label: 'Back to To Do', title: 'Move Back to To Do' },
  reveal: { label: 'Reveal', title: 'Reveal in Threat Model File' },
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
function when(at: string): string {
  const t = Date.parse(at);
  return Number.isNaN(t) ? at : dateFormat.format(t);
}

class ProjectApp extends LitElement {
  static override properties = {
    view: { state: true },
    readOnly: { state: true },
    unavailable: { state: true },
    ui: { state: true },
    error: { state: true },
  };

  view: ProjectView | undefined;
  readOnly = false;
  unavailable: { name: string; message: string } | undefined;
  ui: UiState = savedUi();
  error: string | undefined;
  private revision = -1;

  static override styles = css`
    :host { display: block; padding: 0 24px 32px; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); max-width: 1200px; }
    h1 { font-size: 1.5em; font-weight: 600; margin: 16px 0 6px; display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
    h2 { font-size: 1.1em; font-weight: 600; margin: 22px 0 8px; }
    .muted, .hint { color: var(--vscode-descriptionForeground); }
    .note { border-left: 3px solid var(--vscode-textLink-foreground); padding: 4px 10px; margin: 8px 0; background: var(--vscode-textBlockQuote-background, transparent); }
    a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
    a:hover, a:focus-visible { text-decoration: underline; }
    a:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }

    /* Details: a label column and a value column, like the Settings editor's descriptions. */
    dl.details { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 12px 0; }
    dl.details dt { color: var(--vscode-descriptionForeground); }
    dl.details dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .chips { display: inline-flex; flex-wrap: wrap; gap: 4px; }

    /* Progress: one bar split by status, its legend below with the counts in words. */
    .progress { margin: 12px 0 6px; }
    .progress svg { display: block; width: 100%; height: 10px; border-radius: 2px; background: var(--vscode-editorWidget-background, transparent); }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 8px 0 0; padding: 0; list-style: none; }
    .legend li { display: inline-flex; align-items: center; gap: 6px; }
    .legend .count { font-weight: 600; }
    .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; flex: none; }
    .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; flex: none; }
    rect.todo { fill: var(--vscode-charts-lines, #8888); }
    rect.running { fill: var(--vscode-charts-blue, #3794ff); }
    rect.not_according { fill: var(--vscode-charts-red, #f14c4c); }
    rect.not_applicable { fill: var(--vscode-charts-purple, #b180d7); }
    rect.done { fill: var(--vscode-charts-green, #89d185); }
    .todo:not(rect) { background: var(--vscode-charts-lines, #8888); }
    .running:not(rect) { background: var(--vscode-charts-blue, #3794ff); }
    .not_according:not(rect) { background: var(--vscode-charts-red, #f14c4c); }
    .not_applicable:not(rect) { background: var(--vscode-charts-purple, #b180d7); }
    .done:not(rect) { background: var(--vscode-charts-green, #89d185); }

    vscode-tabs { margin-top: 16px; }
    vscode-tab-panel { padding: 0 2px 8px; }

    /* Items: a grid of bordered blocks. */
    .items { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 10px; }
    .item { border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, #8884)); border-radius: 3px; padding: 10px 12px; }
    .item h3 { font-size: 1em; font-weight: 600; margin: 0 0 2px; display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
    .item ul { margin: 6px 0 0; padding-left: 18px; }
    .item li { margin: 2px 0; }

    /* Tables: VS Code's list colours, text wraps, no horizontal scrolling. */
    .filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: end; margin: 8px 0 10px; }
    .field { display: flex; flex-direction: column; gap: 4px; min-width: 160px; }
    .field.grow { flex: 1; min-width: 220px; }
    .field vscode-textfield, .field vscode-single-select { width: 100%; }
    table { width: 100%; border-collapse: collapse; table-layout: auto; }
    th { text-align: left; font-weight: 600; padding: 6px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, #8884)); background: var(--vscode-keybindingTable-headerBackground, transparent); white-space: nowrap; }
    td { padding: 6px 8px; vertical-align: top; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, #8882)); overflow-wrap: anywhere; }
    tbody tr:hover { background: var(--vscode-list-hoverBackground); }
    td.id, td.nowrap { white-space: nowrap; overflow-wrap: normal; }
    .status { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; }
    .sub { color: var(--vscode-descriptionForeground); font-size: 0.92em; margin-top: 2px; }
    .why { font-style: italic; }
    /* Ids and links stay whole; the buttons wrap two by two rather than stack one per line. */
    td a { white-space: nowrap; }
    .actions { display: flex; flex-wrap: wrap; gap: 4px; min-width: 230px; }
    td.because { min-width: 200px; }
    .actions vscode-button::part(base) { padding: 0 8px; line-height: 20px; }
    .empty { color: var(--vscode-descriptionForeground); font-style: italic; margin: 8px 0; }
    pre.text { white-space: pre-wrap; font-family: inherit; margin: 0; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent) => this.onMessage(event.data));
    post({ type: 'ready' });
  }

  private onMessage(raw: unknown): void {
    const parsed = HostToProject.safeParse(raw);
    if (!parsed.success) {
      this.error = 'The panel received a message it does not understand.';
      return;
    }
    const m = parsed.data;
    this.error = undefined;
    this.revision = m.revision;
    if (m.type === 'show') {
      this.view = m.view;
      this.readOnly = m.readOnly;
      this.unavailable = undefined;
    } else {
      this.unavailable = { name: m.name, message: m.message };
    }
  }

  protected override updated(): void {
    if (this.revision >= 0 && !this.error) post({ type: 'rendered', revision: this.revision, tab: this.ui.tab });
  }

  private setUi(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    vscode.setState(this.ui);
  }

  /** A link that asks the host for something; keyboard users reach it with Tab and Enter. */
  private link(label: string, message: ProjectToHost, title?: string): TemplateResult {
    const run = (e: Event) => {
      e.preventDefault();
      post(message);
    };
    return html`<a href="#" role="link" title=${title ?? nothing} @click=${run} @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && run(e)}>${label}</a>`;
  }

  override render(): TemplateResult {
    if (this.error) return html`<p class="empty">${this.error}</p>`;
    if (this.unavailable) {
      return html`<h1>${this.unavailable.name}</h1>
        <div class="note" role="status">${this.unavailable.message}</div>`;
    }
    const v = this.view;
    if (!v) return html`<p class="empty">Loading the project…</p>`;
    const tabIndex = PROJECT_TABS.indexOf(this.ui.tab);
    return html`
      <h1>${v.name} <vscode-badge>${v.statusLabel}</vscode-badge></h1>
      ${v.locked ? html`<div class="note">The project is Done: its requirements are locked while the security team reviews them. Reopen it to change them.</div>` : nothing}
      ${this.readOnly ? html`<div class="note">Restricted Mode: the threat model is read-only until you trust this workspace.</div>` : nothing}
      ${this.renderProgress(v)}
      <vscode-tabs selected-index=${tabIndex} @vsc-tabs-select=${(e: CustomEvent<{ selectedIndex: number }>) => this.setUi({ tab: PROJECT_TABS[e.detail.selectedIndex] ?? 'overview' })}>
        <vscode-tab-header slot="header" data-tab="overview">Overview</vscode-tab-header>
        <vscode-tab-panel>${this.renderDetails(v)} ${this.renderItems(v)} ${this.renderRequirements(v)}</vscode-tab-panel>
        <vscode-tab-header slot="header" data-tab="history">History &amp; Attachments</vscode-tab-header>
        <vscode-tab-panel>${this.renderHistory(v)} ${this.renderEvidence(v)}</vscode-tab-panel>
      </vscode-tabs>
    `;
  }

  // ------------------------------------------------------------------ overview

  private renderProgress(v: ProjectView): TemplateResult {
    const p = v.progress;
    let x = 0;
    const scale = p.total === 0 ? 0 : 1000 / p.total;
    const rects = p.segments
      .filter((s) => s.count > 0)
      .map((s) => {
        const rect = svg`<rect class=${s.status} x=${x} y="0" width=${s.count * scale} height="10"><title>${s.label}: ${s.count}</title></rect>`;
        x += s.count * scale;
        return rect;
      });
    return html`
      <section class="progress" aria-label="Progress">
        <div class="muted">${p.total === 0 ? 'No requirements yet.' : `${p.complete} of ${p.total} requirements complete · ${p.percent}%`}</div>
        <!-- The bar is a picture of the legend; screen readers get the same numbers as one sentence. -->
        <svg viewBox="0 0 1000 10" preserveAspectRatio="none" role="img" aria-label=${p.summary}>${rects}</svg>
        <ul class="legend" aria-hidden="true">
          ${p.segments.map((s) => html`<li><span class="swatch ${s.status}"></span>${s.label} <span class="count">${s.count}</span></li>`)}
        </ul>
      </section>
    `;
  }

  private renderDetails(v: ProjectView): TemplateResult {
    const row = (label: string, value: TemplateResult | string | undefined) => (value === undefined || value === '' ? nothing : html`<dt>${label}</dt><dd>${value}</dd>`);
    const chips = (values: string[]) => (values.length === 0 ? undefined : html`<span class="chips">${values.map((t) => html`<vscode-badge>${t}</vscode-badge>`)}</span>`);
    return html`
      <h2>Details</h2>
      <dl class="details">
        ${row('Estimated hours', v.estimatedHours === undefined ? undefined : String(v.estimatedHours))}
        ${row('Goal', v.goal)}
        ${row('Scope', v.scope)}
        ${row('Description', v.description)}
        ${row('Team', v.team.length ? v.team.join(', ') : undefined)}
        ${row('Tags', chips(v.tags))}
        ${row('Assets', v.assets.length ? v.assets.join(', ') : undefined)}
        ${row('ASVS edition', v.edition)}
      </dl>
    `;
  }

  private renderItems(v: ProjectView): TemplateResult {
    return html`
      <h2>Architecture items <span class="muted">(${v.totals.items})</span></h2>
      ${v.items.length === 0 ? html`<p class="empty">No architecture items yet.</p>` : html`<div class="items">${v.items.map((i) => this.renderItem(i))}</div>`}
      ${v.items.length < v.totals.items ? html`<p class="muted">Showing the first ${v.items.length} of ${v.totals.items} items.</p>` : nothing}
    `;
  }

  private renderItem(i: ItemView): TemplateResult {
    const kinds = [i.kind, ...i.alsoKinds].join(' + ');
    return html`
      <section class="item" aria-label=${`Architecture item ${i.name}`}>
        <h3>${i.name} ${i.internetFacing ? html`<vscode-badge>internet-facing</vscode-badge>` : nothing}</h3>
        <div class="muted">${[kinds, ...i.technologies].join(' · ')}</div>
        ${i.description ? html`<div class="sub">${i.description}</div>` : nothing}
        ${i.data.length ? html`<div class="sub">Data: ${i.data.join(', ')}</div>` : nothing}
        ${i.patterns.length === 0
          ? html`<div class="empty">No attack patterns selected.</div>`
          : html`<ul aria-label="Attack patterns">
              ${i.patterns.map((p) => html`<li>${this.link(p.id, { type: 'showDetails', kind: 'pattern', id: p.id }, 'Show the attack pattern\u2019s details')} ${p.name ?? ''}</li>`)}
            </ul>`}
      </section>
    `;
  }

  private shownByFilters(r: RequirementRowView): boolean {
    const { status, level, item, text } = this.ui;
    if (status !== 'all' && r.status !== status) return false;
    if (r.level !== undefined && r.level > Number(level)) return false;
    if (item !== 'all' && !r.because.some((b) => b.item === item)) return false;
    const needle = text.trim().toLowerCase();
    if (!needle) return true;
    const haystack = [r.id, r.text ?? '', r.chapter ?? '', r.justification ?? '', r.reason ?? '', ...r.because.flatMap((b) => [b.itemName, b.capec])].join(' ').toLowerCase();
    return haystack.includes(needle);
  }

  private renderRequirements(v: ProjectView): TemplateResult {
    // A remembered item filter whose item has since left the project would hide every row: forget it.
    if (this.ui.item !== 'all' && !v.items.some((i) => i.id === this.ui.item)) this.ui.item = 'all';
    const shown = v.requirements.filter((r) => this.shownByFilters(r));
    const value = (e: Event) => String((e.target as HTMLInputElement).value ?? '');
    const count = (status: string) => v.progress.segments.find((s) => s.status === status)?.count ?? 0;
    return html`
      <h2>Requirements <span class="muted">(${shown.length === v.totals.requirements ? v.totals.requirements : `${shown.length} of ${v.totals.requirements} shown`})</span></h2>
      <div class="filters">
        <div class="field">
          <vscode-label for="f-status">Status</vscode-label>
          <vscode-single-select id="f-status" aria-label="Filter by status" .value=${this.ui.status} @change=${(e: Event) => this.setUi({ status: value(e) })}>
            <vscode-option value="all" ?selected=${this.ui.status === 'all'}>All statuses</vscode-option>
            ${v.progress.segments.map((s) => html`<vscode-option value=${s.status} ?selected=${this.ui.status === s.status}>${s.label} (${count(s.status)})</vscode-option>`)}
          </vscode-single-select>
        </div>
        <div class="field">
          <vscode-label for="f-level">ASVS level</vscode-label>
          <vscode-single-select id="f-level" aria-label="Filter by ASVS level" .value=${this.ui.level} @change=${(e: Event) => this.setUi({ level: value(e) })}>
            <vscode-option value="1" ?selected=${this.ui.level === '1'}>Level 1</vscode-option>
            <vscode-option value="2" ?selected=${this.ui.level === '2'}>Level 1–2</vscode-option>
            <vscode-option value="3" ?selected=${this.ui.level === '3'}>All levels</vscode-option>
          </vscode-single-select>
        </div>
        <div class="field">
          <vscode-label for="f-item">Item</vscode-label>
          <vscode-single-select id="f-item" aria-label="Filter by architecture item" .value=${this.ui.item} @change=${(e: Event) => this.setUi({ item: value(e) })}>
            <vscode-option value="all" ?selected=${this.ui.item === 'all'}>All items</vscode-option>
            ${v.items.map((i) => html`<vscode-option value=${i.id} ?selected=${this.ui.item === i.id}>${i.name}</vscode-option>`)}
          </vscode-single-select>
        </div>
        <div class="field grow">
          <vscode-label for="f-text">Filter</vscode-label>
          <vscode-textfield id="f-text" aria-label="Filter requirements by text" placeholder="id, words, item or CAPEC id" .value=${this.ui.text} @input=${(e: Event) => this.setUi({ text: value(e) })}></vscode-textfield>
        </div>
      </div>
      ${v.totals.requirements === 0
        ? html`<p class="empty">The project has no requirements yet.</p>`
        : shown.length === 0
          ? html`<p class="empty">No requirement matches the filters.</p>`
          : html`
              <table aria-label="Requirements">
                <thead>
                  <tr><th scope="col">Requirement</th><th scope="col">Text</th><th scope="col">Status</th><th scope="col">Items and patterns</th><th scope="col">Actions</th></tr>
                </thead>
                <tbody>
                  ${shown.map((r) => this.renderRequirement(r, v))}
                </tbody>
              </table>
            `}
      ${v.requirements.length < v.totals.requirements ? html`<p class="muted">Showing the first ${v.requirements.length} of ${v.totals.requirements} requirements.</p>` : nothing}
    `;
  }

  private renderRequirement(r: RequirementRowView, v: ProjectView): TemplateResult {
    const actions = this.readOnly ? r.actions.filter((a) => a === 'reveal') : r.actions;
    return html`
      <tr data-requirement=${r.id}>
        <td class="id">
          ${this.link(r.id, { type: 'showDetails', kind: 'requirement', id: r.id }, 'Show the requirement\u2019s details')}
          ${r.level !== undefined ? html`<div class="sub">Level ${r.level}</div>` : nothing}
        </td>
        <td>
          ${r.text ?? html`<span class="muted">Not in the ASVS ${v.edition} catalog.</span>`}
          ${r.justification ? html`<div class="sub why">Not applicable: ${r.justification}</div>` : nothing}
          ${r.reason ? html`<div class="sub why">Rejected: ${r.reason}</div>` : nothing}
        </td>
        <td class="nowrap">
          <span class="status"><span class="dot ${r.status}"></span>${r.statusLabel}</span>
          ${r.evidenceCount > 0 ? html`<div class="sub">${r.evidenceCount} evidence</div>` : nothing}
        </td>
        <td class="because">${r.because.length === 0 ? html`<span class="muted">—</span>` : r.because.map((b) => html`<div>${b.itemName} · ${this.link(b.capec, { type: 'showDetails', kind: 'pattern', id: b.capec })}</div>`)}</td>
        <td>
          <div class="actions">
            ${actions.map((a) => {
              const label = `${ACTIONS[a].title.replace('…', '')} ${r.id}`;
              return html`<vscode-button
                ?secondary=${!ACTIONS[a].primary}
                title=${ACTIONS[a].title}
                aria-label=${label}
                data-action=${a}
                @click=${() => post({ type: 'requirementAction', action: a, requirementId: r.id, expectedStatus: r.status })}
                >${ACTIONS[a].label}</vscode-button
              >`;
            })}
          </div>
        </td>
      </tr>
    `;
  }

  // ------------------------------------------------------------------ history & attachments

  private renderHistory(v: ProjectView): TemplateResult {
    return html`
      <h2>History <span class="muted">(${v.totals.history})</span></h2>
      ${v.history.length === 0
        ? html`<p class="empty">Nothing recorded yet.</p>`
        : html`
            <table aria-label="History, newest first">
              <thead>
                <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Requirement</th><th scope="col">From</th><th scope="col">To</th><th scope="col">Action</th><th scope="col">Note</th></tr>
              </thead>
              <tbody>
                ${v.history.map((h) => this.renderHistoryEntry(h))}
              </tbody>
            </table>
          `}
      ${v.history.length < v.totals.history ? html`<p class="muted">Showing the newest ${v.history.length} of ${v.totals.history} entries.</p>` : nothing}
    `;
  }

  private renderHistoryEntry(h: HistoryView): TemplateResult {
    const dash = html`<span class="muted">—</span>`;
    return html`
      <tr>
        <td class="nowrap"><time datetime=${h.at} title=${h.at}>${when(h.at)}</time></td>
        <td>${h.by}</td>
        <td class="id">${h.requirement ?? dash}</td>
        <td>${h.from ?? dash}</td>
        <td>${h.to ?? dash}</td>
        <td>${h.action ?? dash}</td>
        <td>${h.note ?? ''}</td>
      </tr>
    `;
  }

  private renderEvidence(v: ProjectView): TemplateResult {
    return html`
      <h2>Attachments <span class="muted">(${v.totals.evidence})</span></h2>
      <p class="hint">The evidence of every requirement: code (a file and its lines), files and notes. Open code or a file to see it in the editor.</p>
      ${v.evidence.length === 0
        ? html`<p class="empty">No evidence attached yet.</p>`
        : html`
            <table aria-label="Evidence">
              <thead>
                <tr><th scope="col">Requirement</th><th scope="col">Kind</th><th scope="col">Evidence</th><th scope="col">Note</th></tr>
              </thead>
              <tbody>
                ${v.evidence.map((e) => this.renderEvidenceEntry(e))}
              </tbody>
            </table>
          `}
      ${v.evidence.length < v.totals.evidence ? html`<p class="muted">Showing the first ${v.evidence.length} of ${v.totals.evidence} pieces of evidence.</p>` : nothing}
    `;
  }

  private renderEvidenceEntry(e: EvidenceView): TemplateResult {
    const kind = e.type === 'code' ? 'Code' : e.type === 'file' ? 'File' : 'Text';
    const where = e.type === 'code' && e.lines ? `${e.path}:${e.lines[0]}–${e.lines[1]}` : (e.path ?? '');
    const open = { type: 'openEvidence', requirementId: e.requirementId, index: e.index } as const;
    return html`
      <tr data-evidence=${`${e.requirementId}#${e.index}`}>
        <td class="id">${e.requirementId}</td>
        <td>${kind}</td>
        <td>${e.type === 'text' ? html`<pre class="text">${e.text}</pre>` : e.openable ? this.link(where, open, e.type === 'code' ? 'Open the file at these lines' : 'Open the file') : where}</td>
        <td>${e.note ?? ''}</td>
      </tr>
    `;
  }
}

customElements.define('tm-project', ProjectApp);
