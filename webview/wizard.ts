// The "Start New Project" wizard: architecture items -> attack patterns -> security requirements -> save.
// The draft lives here and in the webview state (and is sent to the host on every change, which keeps it per
// workspace); the host computes suggestions, search results, requirements and validation. Every message
// from the host is validated, and all user and catalog text is rendered as text, never as HTML.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { z } from 'zod';
import {
  emptyDraft,
  HostToWizard,
  splitList,
  WIZARD_STEPS,
  WizardDraft,
  WizardToHost,
  type DraftItem,
  type RequirementView,
  type SuggestionView,
} from '../src/protocol/wizard';
import { poster, vscode } from './shared/vscodeApi';

const post = poster(WizardToHost);

type Step = (typeof WIZARD_STEPS)[number];
const STEP_TITLES: Record<Step, string> = {
  items: 'Architecture items',
  patterns: 'Attack patterns',
  requirements: 'Security requirements',
  save: 'Save as a new project',
};

type Kind = { id: string; label: string; description: string };

/** The webview state while editing an existing project: the draft, tagged with what it edits. */
const EditState = z.strictObject({
  editing: z.strictObject({ projectId: z.string().max(64), projectName: z.string().max(200), scope: z.enum(['details', 'architecture']) }),
  draft: WizardDraft,
});

/** What the person typed in a list field, kept as typed until they leave it. */
const listText = (values: readonly string[]) => values.join(', ');

let keyCounter = 0;
function newKey(): string {
  keyCounter += 1;
  return `i${Date.now().toString(36)}-${keyCounter}`;
}

class WizardApp extends LitElement {
  static override properties = {
    draft: { state: true },
    kinds: { state: true },
    technologies: { state: true },
    edition: { state: true },
    suggestions: { state: true },
    searches: { state: true },
    requirements: { state: true },
    withoutRequirements: { state: true },
    problems: { state: true },
    error: { state: true },
    saving: { state: true },
    savedAs: { state: true },
    levelFilter: { state: true },
    textFilter: { state: true },
    loaded: { state: true },
    editing: { state: true },
  };

  draft: WizardDraft = emptyDraft();
  kinds: Kind[] = [];
  technologies: string[] = [];
  edition = '';
  /** Suggestions per item key, for the item as it was when asked. */
  suggestions = new Map<string, { signature: string; list: SuggestionView[] }>();
  searches = new Map<string, { query: string; results: SuggestionView[] }>();
  /** Patterns added by search: name and summary to show them by (keyed by CAPEC id). */
  private known = new Map<string, SuggestionView>();
  requirements: RequirementView[] | undefined;
  withoutRequirements: string[] = [];
  problems: Array<{ field: string; message: string }> = [];
  error: string | undefined;
  saving = false;
  savedAs: string | undefined;
  levelFilter = '3';
  textFilter = '';
  loaded = false;
  /** Editing an existing project's details: only the form is shown, and nothing is kept as a draft. */
  editing: { projectId: string; projectName: string; scope: 'details' | 'architecture' } | undefined;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private validateTimer: ReturnType<typeof setTimeout> | undefined;
  private searchTimers = new Map<string, ReturnType<typeof setTimeout>>();

  static override styles = css`
    :host { display: block; padding: 0 24px 32px; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); max-width: 1000px; }
    h1 { font-size: 1.5em; font-weight: 600; margin: 16px 0 8px; }
    h2 { font-size: 1.2em; font-weight: 600; margin: 20px 0 8px; }
    h3 { font-size: 1.05em; font-weight: 600; margin: 16px 0 6px; }
    nav.steps { display: flex; gap: 4px; flex-wrap: wrap; margin: 8px 0 16px; }
    nav.steps button { background: none; border: 1px solid var(--vscode-panel-border, transparent); color: var(--vscode-foreground); padding: 6px 12px; border-radius: 2px; cursor: pointer; font: inherit; }
    nav.steps button[aria-current='step'] { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); border-color: var(--vscode-focusBorder); }
    nav.steps button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
    .hint, .muted { color: var(--vscode-descriptionForeground); }
    .card { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, #8884)); border-radius: 3px; padding: 12px 16px; margin: 12px 0; }
    .row { display: flex; gap: 16px; flex-wrap: wrap; }
    .field { display: flex; flex-direction: column; gap: 4px; margin: 8px 0; min-width: 260px; flex: 1; }
    .field vscode-textfield, .field vscode-textarea, .field vscode-single-select { width: 100%; }
    .error { color: var(--vscode-errorForeground); }
    .banner { border-left: 3px solid var(--vscode-errorForeground); padding: 6px 10px; margin: 8px 0; background: var(--vscode-inputValidation-errorBackground, transparent); }
    .footer { display: flex; gap: 8px; justify-content: space-between; margin-top: 20px; }
    .footer .right { display: flex; gap: 8px; }
    .pattern { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 8px 0; }
    .pattern .body { display: flex; flex-direction: column; gap: 2px; }
    .badges { display: inline-flex; gap: 4px; margin-left: 6px; vertical-align: middle; }
    .reasons { margin: 2px 0 0; padding-left: 18px; color: var(--vscode-descriptionForeground); font-size: 0.92em; }
    .chips { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
    .chips button { font: inherit; font-size: 0.9em; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); border: none; border-radius: 10px; padding: 1px 8px; cursor: pointer; }
    .chips button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
    .filters { display: flex; gap: 12px; align-items: end; flex-wrap: wrap; }
    .req { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 8px 0; }
    /* The box sits by the first line of its text and is no taller than itself, so a click on it always toggles it. */
    .req vscode-checkbox, .pattern vscode-checkbox { align-self: start; margin-top: 1px; }
    .count { font-weight: 600; }
    a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
    a:hover, a:focus { text-decoration: underline; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent) => this.onMessage(event.data));
    const saved = WizardDraft.safeParse(vscode.getState());
    if (saved.success) this.draft = saved.data;
    else {
      const edit = EditState.safeParse(vscode.getState());
      if (edit.success) this.draft = edit.data.draft;
    }
    post({ type: 'ready' });
  }

  private onMessage(raw: unknown): void {
    const parsed = HostToWizard.safeParse(raw);
    if (!parsed.success) return; // Only the host speaks to this page, and only in the protocol.
    const m = parsed.data;
    switch (m.type) {
      case 'init':
        this.kinds = m.kinds;
        this.technologies = m.technologies;
        this.edition = m.edition;
        this.editing = m.editing;
        // The webview's own state is the freshest; else the draft the host kept for this workspace.
        if (m.editing) {
          const kept = EditState.safeParse(vscode.getState());
          const same = kept.success && kept.data.editing.projectId === m.editing.projectId && kept.data.editing.scope === m.editing.scope;
          if (same) this.draft = kept.data.draft;
          else if (m.draft) this.draft = m.draft;
        } else if (!WizardDraft.safeParse(vscode.getState()).success && m.draft) this.draft = m.draft;
        this.loaded = true;
        this.enterStep(this.draft.step);
        break;
      case 'suggestions': {
        const item = this.draft.items.find((i) => i.key === m.itemKey);
        if (!item) break;
        for (const s of m.suggestions) this.known.set(s.capec, s);
        this.suggestions = new Map(this.suggestions).set(m.itemKey, { signature: signature(item), list: m.suggestions });
        break;
      }
      case 'searchResults':
        for (const s of m.results) if (!this.known.has(s.capec)) this.known.set(s.capec, s);
        this.searches = new Map(this.searches).set(m.itemKey, { query: m.query, results: m.results });
        break;
      case 'requirements':
        this.requirements = m.requirements;
        this.withoutRequirements = m.patternsWithoutRequirements;
        break;
      case 'problems':
        this.problems = m.problems;
        this.saving = false;
        break;
      case 'saved':
        this.saving = false;
        this.savedAs = m.projectName;
        vscode.setState(undefined);
        break;
      case 'error':
        this.saving = false;
        this.error = m.message;
        break;
    }
  }

  override updated(): void {
    if (this.loaded) post({ type: 'rendered', step: this.draft.step });
  }

  /** Every change goes through here: kept in the webview state at once, and sent to the host shortly after. */
  private change(next: WizardDraft): void {
    this.draft = next;
    this.error = undefined;
    if (this.editing) {
      // An edit is not kept as a workspace draft, but survives the panel being hidden and shown again.
      vscode.setState({ editing: this.editing, draft: next });
      return;
    }
    vscode.setState(next);
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = setTimeout(() => post({ type: 'draftChanged', draft: this.draft }), 250);
  }

  private updateItem(key: string, patch: Partial<DraftItem>): void {
    this.change({ ...this.draft, items: this.draft.items.map((i) => (i.key === key ? { ...i, ...patch } : i)) });
  }

  private enterStep(step: Step): void {
    if (step !== this.draft.step) this.change({ ...this.draft, step });
    if (step === 'patterns') {
      for (const item of this.draft.items) {
        const cached = this.suggestions.get(item.key);
        if (!cached || cached.signature !== signature(item)) post({ type: 'suggest', item });
      }
    }
    if (step === 'requirements') {
      this.requirements = undefined;
      post({ type: 'derive', items: this.draft.items.map((i) => ({ key: i.key, patterns: this.selectedPatterns(i) })) });
    }
    if (step === 'save') post({ type: 'validate', details: this.draft.details });
  }

  /** The patterns an item has now: the person's choice, else the pre-selected suggestions. */
  private selectedPatterns(item: DraftItem): string[] {
    if (item.patterns) return item.patterns;
    return (this.suggestions.get(item.key)?.list ?? []).filter((s) => s.preselected).map((s) => s.capec);
  }

  private togglePattern(item: DraftItem, capec: string, on: boolean): void {
    const current = this.selectedPatterns(item);
    const next = on ? [...new Set([...current, capec])] : current.filter((id) => id !== capec);
    this.updateItem(item.key, { patterns: next });
  }

  private stepIssues(step: Step): string | undefined {
    if (step === 'items') {
      if (this.draft.items.length === 0) return 'Add at least one architecture item.';
      const unnamed = this.draft.items.findIndex((i) => !i.name.trim());
      if (unnamed >= 0) return `Item ${unnamed + 1} needs a name.`;
      const names = this.draft.items.map((i) => i.name.trim().toLowerCase());
      const dup = names.find((n, i) => names.indexOf(n) !== i);
      if (dup) return `Two items are named "${dup}"; give each a different name.`;
    }
    return undefined;
  }

  private go(step: Step): void {
    const order = WIZARD_STEPS.indexOf(step);
    for (const earlier of WIZARD_STEPS.slice(0, order)) {
      const issue = this.stepIssues(earlier);
      if (issue) {
        this.error = issue;
        return;
      }
    }
    this.error = undefined;
    this.enterStep(step);
  }

  override render(): TemplateResult {
    if (this.savedAs !== undefined) {
      return this.editing
        ? html`<h1>Saved</h1><p>The changes to "${this.savedAs}" were saved to the threat model.</p>`
        : html`<h1>Project created</h1><p>"${this.savedAs}" was saved to the threat model and is in the Projects view.</p>`;
    }
    if (this.editing?.scope === 'details') return this.renderEditDetails(this.editing.projectName);
    const step = this.draft.step;
    // Editing an architecture ends at the requirements: the project itself already exists.
    const steps = this.editing ? WIZARD_STEPS.slice(0, 3) : WIZARD_STEPS;
    const index = steps.indexOf(step);
    return html`
      <h1>${this.editing ? `Edit architecture: ${this.editing.projectName}` : 'New threat model project'}</h1>
      <nav class="steps" aria-label="Steps">
        ${steps.map(
          (s, i) => html`<button type="button" aria-current=${s === step ? 'step' : 'false'} @click=${() => this.go(s)}>${i + 1}. ${STEP_TITLES[s]}</button>`,
        )}
      </nav>
      ${this.error ? html`<div class="banner" role="alert">${this.error}</div>` : nothing}
      ${!this.loaded ? html`<p class="muted">Loading the catalogs…</p>` : step === 'items' ? this.renderItems() : step === 'patterns' ? this.renderPatterns() : step === 'requirements' ? this.renderRequirements() : this.renderSave()}
      <div class="footer">
        <vscode-button secondary @click=${() => post({ type: 'discard' })}>${this.editing ? 'Cancel' : 'Discard draft'}</vscode-button>
        <div class="right">
          ${index > 0 ? html`<vscode-button secondary @click=${() => this.go(steps[index - 1])}>Back</vscode-button>` : nothing}
          ${index < steps.length - 1
            ? html`<vscode-button @click=${() => this.go(steps[index + 1])}>Next: ${STEP_TITLES[steps[index + 1]]}</vscode-button>`
            : html`<vscode-button ?disabled=${this.saving} @click=${() => this.save()}>${this.saving ? 'Saving…' : this.editing ? 'Save architecture' : 'Save project'}</vscode-button>`}
        </div>
      </div>
    `;
  }

  // ------------------------------------------------------------------ step 1

  private renderItems(): TemplateResult {
    const add = () => {
      const item: DraftItem = { key: newKey(), name: '', kind: this.kinds[0]?.id ?? 'rest-api', alsoKinds: [], technologies: [], description: '', internetFacing: false, data: [] };
      this.change({ ...this.draft, items: [...this.draft.items, item] });
      void this.updateComplete.then(() => (this.renderRoot.querySelector(`#name-${item.key}`) as HTMLElement | null)?.focus());
    };
    return html`
      <h2>1. Architecture items</h2>
      <p class="hint">List the parts of the system: services, APIs, front ends, data stores, queues, pipelines, third parties. The kind decides which attacks are suggested.</p>
      ${this.draft.items.length === 0 ? html`<p class="muted">No items yet.</p>` : nothing}
      ${this.draft.items.map((item, i) => this.renderItem(item, i))}
      <vscode-button id="add-item" @click=${add}>Add architecture item</vscode-button>
    `;
  }

  private renderItem(item: DraftItem, index: number): TemplateResult {
    const kind = this.kinds.find((k) => k.id === item.kind);
    const token = (item.technologies.at(-1) ?? '').toLowerCase();
    return html`
      <section class="card" aria-label=${`Item ${index + 1}`}>
        <div class="row">
          <div class="field">
            <vscode-label for=${`name-${item.key}`}>Name</vscode-label>
            <vscode-textfield id=${`name-${item.key}`} aria-label="Item name" maxlength="200" .value=${item.name} @input=${(e: Event) => this.updateItem(item.key, { name: value(e) })}></vscode-textfield>
          </div>
          <div class="field">
            <vscode-label for=${`kind-${item.key}`}>Kind</vscode-label>
            <vscode-single-select id=${`kind-${item.key}`} aria-label="Item kind" .value=${item.kind} @change=${(e: Event) => this.updateItem(item.key, { kind: value(e) })}>
              ${this.kinds.map((k) => html`<vscode-option value=${k.id} ?selected=${k.id === item.kind} description=${k.description}>${k.label}</vscode-option>`)}
            </vscode-single-select>
            <span class="hint">${kind?.description ?? ''}</span>
          </div>
          <div class="field">
            <vscode-label for=${`also-${item.key}`}>Also acts as (optional)</vscode-label>
            <vscode-multi-select
              id=${`also-${item.key}`}
              aria-label="Other kinds this item also is"
              .value=${item.alsoKinds}
              @change=${(e: Event) => this.updateItem(item.key, { alsoKinds: ((e.target as unknown as { value: string[] }).value ?? []).filter((k) => k !== item.kind).slice(0, 10) })}
            >
              ${this.kinds.filter((k) => k.id !== item.kind).map((k) => html`<vscode-option value=${k.id} ?selected=${item.alsoKinds.includes(k.id)}>${k.label}</vscode-option>`)}
            </vscode-multi-select>
            <span class="hint">For example an API server that also renders pages: REST API, also Web front end.</span>
          </div>
        </div>
        <div class="field">
          <vscode-label for=${`tech-${item.key}`}>Technologies (comma-separated)</vscode-label>
          <vscode-textfield
            id=${`tech-${item.key}`}
            aria-label="Technologies, comma-separated"
            placeholder="e.g. Node.js, Express, PostgreSQL"
            .value=${listText(item.technologies)}
            @input=${(e: Event) => this.updateItem(item.key, { technologies: splitList(value(e)) })}
          ></vscode-textfield>
          ${token.length >= 2 ? this.renderCompletions(item, token) : nothing}
        </div>
        <div class="field">
          <vscode-label for=${`desc-${item.key}`}>Description</vscode-label>
          <vscode-textarea id=${`desc-${item.key}`} aria-label="Description" maxlength="5000" rows="2" .value=${item.description} @input=${(e: Event) => this.updateItem(item.key, { description: value(e) })}></vscode-textarea>
        </div>
        <div class="row">
          <div class="field">
            <vscode-label for=${`data-${item.key}`}>Data handled (comma-separated)</vscode-label>
            <vscode-textfield id=${`data-${item.key}`} aria-label="Data handled, comma-separated" placeholder="e.g. customer data, passwords" .value=${listText(item.data)} @input=${(e: Event) => this.updateItem(item.key, { data: splitList(value(e)) })}></vscode-textfield>
          </div>
          <div class="field">
            <vscode-checkbox id=${`inet-${item.key}`} label="Internet-facing" .checked=${item.internetFacing} @change=${(e: Event) => this.updateItem(item.key, { internetFacing: (e.target as HTMLInputElement).checked })}></vscode-checkbox>
          </div>
        </div>
        <vscode-button secondary aria-label=${`Remove item ${item.name || index + 1}`} @click=${() => this.change({ ...this.draft, items: this.draft.items.filter((i) => i.key !== item.key) })}>Remove item</vscode-button>
      </section>
    `;
  }

  /** Known technology words that complete the one being typed; a click (or Enter) takes one. */
  private renderCompletions(item: DraftItem, token: string): TemplateResult | typeof nothing {
    const matches = this.technologies.filter((t) => t.startsWith(token) && t !== token).slice(0, 8);
    if (matches.length === 0) return nothing;
    const take = (word: string) => this.updateItem(item.key, { technologies: [...item.technologies.slice(0, -1), word] });
    return html`<div class="chips" aria-label="Known technologies">${matches.map((m) => html`<button type="button" @click=${() => take(m)}>${m}</button>`)}</div>`;
  }

  // ------------------------------------------------------------------ step 2

  private renderPatterns(): TemplateResult {
    return html`
      <h2>2. Attack patterns</h2>
      <p class="hint">Ranked CAPEC patterns for each item, with the reasons. The pre-selected ones fit the item's kind or have strong evidence; search the whole catalog to add others.</p>
      ${this.draft.items.map((item) => this.renderItemPatterns(item))}
    `;
  }

  private renderItemPatterns(item: DraftItem): TemplateResult {
    const entry = this.suggestions.get(item.key);
    const selected = new Set(this.selectedPatterns(item));
    const suggested = new Set(entry?.list.map((s) => s.capec) ?? []);
    const extra = [...selected].filter((id) => !suggested.has(id));
    const search = this.searches.get(item.key);
    const onSearch = (e: Event) => {
      const query = value(e);
      const timer = this.searchTimers.get(item.key);
      if (timer) clearTimeout(timer);
      this.searchTimers.set(item.key, setTimeout(() => (query.trim() ? post({ type: 'search', itemKey: item.key, query: query.slice(0, 200) }) : (this.searches = new Map(this.searches).set(item.key, { query: '', results: [] }))), 150));
    };
    return html`
      <section class="card" aria-label=${`Attack patterns for ${item.name}`}>
        <h3>${item.name} <span class="muted">· ${this.kinds.find((k) => k.id === item.kind)?.label ?? item.kind}</span> <span class="count">${selected.size} selected</span></h3>
        ${!entry ? html`<p class="muted">Ranking patterns…</p>` : entry.list.length === 0 ? html`<p class="muted">No suggestions for this item; search the catalog below.</p>` : nothing}
        ${entry?.list.map((s) => this.renderPattern(item, s, selected.has(s.capec)))}
        ${extra.map((id) => this.renderPattern(item, this.known.get(id) ?? { capec: id, name: '', summary: '', reasons: [], preselected: false }, true))}
        <div class="field">
          <vscode-label for=${`search-${item.key}`}>Add another pattern from the CAPEC catalog</vscode-label>
          <vscode-textfield id=${`search-${item.key}`} aria-label=${`Search CAPEC for ${item.name}`} placeholder="e.g. ldap injection, CAPEC-136" @input=${onSearch}></vscode-textfield>
        </div>
        ${search && search.query ? (search.results.length === 0 ? html`<p class="muted">No pattern matches "${search.query}".</p>` : search.results.filter((r) => !suggested.has(r.capec)).map((r) => this.renderPattern(item, r, selected.has(r.capec)))) : nothing}
      </section>
    `;
  }

  private renderPattern(item: DraftItem, s: SuggestionView, checked: boolean): TemplateResult {
    const label = `${s.capec} ${s.name}`;
    return html`
      <div class="pattern">
        <vscode-checkbox aria-label=${label} .checked=${checked} @change=${(e: Event) => this.togglePattern(item, s.capec, (e.target as HTMLInputElement).checked)}></vscode-checkbox>
        <div class="body">
          <span
            ><a @click=${() => post({ type: 'showPattern', capec: s.capec })} @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && post({ type: 'showPattern', capec: s.capec })} tabindex="0" title="Open the pattern's details">${s.capec}</a>
            ${s.name}<span class="badges"
              >${s.severity ? html`<vscode-badge variant="default">severity ${s.severity}</vscode-badge>` : nothing}${s.likelihood ? html`<vscode-badge variant="default">likelihood ${s.likelihood}</vscode-badge>` : nothing}</span
            ></span
          >
          ${s.summary ? html`<span class="muted">${s.summary}</span>` : nothing}
          ${s.reasons.length > 0 ? html`<ul class="reasons">${s.reasons.slice(0, 3).map((r) => html`<li>${r}</li>`)}</ul>` : nothing}
        </div>
      </div>
    `;
  }

  // ------------------------------------------------------------------ step 3

  private renderRequirements(): TemplateResult {
    if (!this.requirements) return html`<h2>3. Security requirements</h2><p class="muted">Deriving the requirements…</p>`;
    const deselected = new Set(this.draft.deselected);
    const level = Number(this.levelFilter);
    const needle = this.textFilter.trim().toLowerCase();
    const names = new Map(this.draft.items.map((i) => [i.key, i.name]));
    const shown = this.requirements.filter((r) => r.level <= level && (!needle || `${r.id} ${r.text} ${r.chapter}`.toLowerCase().includes(needle)));
    const chosen = this.requirements.filter((r) => !deselected.has(r.id)).length;
    const chapters = [...new Set(shown.map((r) => r.chapter))].sort((a, b) => chapterOrder(a) - chapterOrder(b));
    const toggle = (id: string, on: boolean) => this.change({ ...this.draft, deselected: on ? this.draft.deselected.filter((d) => d !== id) : [...this.draft.deselected, id] });
    return html`
      <h2>3. Security requirements <span class="muted">(ASVS ${this.edition})</span></h2>
      <p class="hint">Derived from the selected patterns through the catalog mapping; untick what does not apply. Primary requirements stop the attack, supporting ones are defence in depth.</p>
      <p><span class="count" aria-live="polite">${chosen} of ${this.requirements.length} requirements selected</span>${shown.length < this.requirements.length ? html` <span class="muted">· ${shown.length} shown</span>` : nothing}</p>
      ${this.withoutRequirements.length > 0 ? html`<p class="muted">No ASVS requirement addresses ${this.withoutRequirements.join(', ')}; they stay on their items.</p>` : nothing}
      <div class="filters">
        <div class="field">
          <vscode-label for="level">Level</vscode-label>
          <vscode-single-select id="level" aria-label="ASVS level" .value=${this.levelFilter} @change=${(e: Event) => (this.levelFilter = value(e))}>
            <vscode-option value="1" ?selected=${this.levelFilter === '1'}>Level 1</vscode-option>
            <vscode-option value="2" ?selected=${this.levelFilter === '2'}>Level 1–2</vscode-option>
            <vscode-option value="3" ?selected=${this.levelFilter === '3'}>All levels</vscode-option>
          </vscode-single-select>
        </div>
        <div class="field">
          <vscode-label for="filter">Filter</vscode-label>
          <vscode-textfield id="filter" aria-label="Filter requirements by text" placeholder="id or words" .value=${this.textFilter} @input=${(e: Event) => (this.textFilter = value(e))}></vscode-textfield>
        </div>
      </div>
      ${this.requirements.length === 0 ? html`<p class="muted">No requirements: select attack patterns in step 2.</p>` : nothing}
      ${chapters.map(
        (chapter) => html`
          <h3>${chapter}</h3>
          ${shown
            .filter((r) => r.chapter === chapter)
            .map(
              (r) => html`
                <div class="req">
                  <vscode-checkbox aria-label=${`${r.id} ${r.text}`} .checked=${!deselected.has(r.id)} @change=${(e: Event) => toggle(r.id, (e.target as HTMLInputElement).checked)}></vscode-checkbox>
                  <div>
                    <span><strong>${r.id}</strong> ${r.text}</span>
                    <span class="badges"><vscode-badge>L${r.level}</vscode-badge><vscode-badge>${r.relevance}</vscode-badge></span>
                    <div class="muted">${r.because.map((b) => `${names.get(b.item) ?? b.item} · ${b.capec}`).join('; ')}${r.rationale ? ` — ${r.rationale}` : ''}</div>
                  </div>
                </div>
              `,
            )}
        `,
      )}
    `;
  }

  // ------------------------------------------------------------------ step 4

  private renderSave(): TemplateResult {
    return html`
      <h2>4. Save as a new project</h2>
      ${this.renderForm('The project is written to the threat model file with its items, patterns and requirements, all To do, and one history entry.')}
      <p class="muted">${this.draft.items.length} item(s), ${this.draft.items.reduce((n, i) => n + this.selectedPatterns(i).length, 0)} attack pattern(s)${this.requirements ? `, ${this.requirements.filter((r) => !this.draft.deselected.includes(r.id)).length} requirement(s)` : ''}.</p>
    `;
  }

  private renderForm(hint: string): TemplateResult {
    const d = this.draft.details;
    const set = (field: keyof WizardDraft['details']) => (e: Event) => {
      this.change({ ...this.draft, details: { ...this.draft.details, [field]: value(e) } });
      if (this.validateTimer) clearTimeout(this.validateTimer);
      this.validateTimer = setTimeout(() => post({ type: 'validate', details: this.draft.details }), 200);
    };
    const problem = (field: string) => {
      const p = this.problems.find((x) => x.field === field);
      return p ? html`<span class="error" id=${`err-${field}`} role="alert">${p.message}</span>` : nothing;
    };
    const field = (id: keyof WizardDraft['details'], label: string, control: TemplateResult) => html`<div class="field"><vscode-label for=${`f-${id}`}>${label}</vscode-label>${control}${problem(id)}</div>`;
    return html`
      <p class="hint">${hint}</p>
      ${field('name', 'Project name (required)', html`<vscode-textfield id="f-name" aria-label="Project name" maxlength="200" required .value=${d.name} @input=${set('name')}></vscode-textfield>`)}
      <div class="row">
        ${field('estimatedHours', 'Estimated hours', html`<vscode-textfield id="f-estimatedHours" aria-label="Estimated hours" type="number" min="0" .value=${d.estimatedHours} @input=${set('estimatedHours')}></vscode-textfield>`)}
        ${field('team', 'Team (comma-separated)', html`<vscode-textfield id="f-team" aria-label="Team, comma-separated" .value=${d.team} @input=${set('team')}></vscode-textfield>`)}
      </div>
      ${field('goal', 'Goal', html`<vscode-textarea id="f-goal" aria-label="Goal" maxlength="10000" rows="2" .value=${d.goal} @input=${set('goal')}></vscode-textarea>`)}
      ${field('scope', 'Scope and limitations', html`<vscode-textarea id="f-scope" aria-label="Scope and limitations" maxlength="10000" rows="2" .value=${d.scope} @input=${set('scope')}></vscode-textarea>`)}
      <div class="row">
        ${field('tags', 'Tags (comma-separated)', html`<vscode-textfield id="f-tags" aria-label="Tags, comma-separated" .value=${d.tags} @input=${set('tags')}></vscode-textfield>`)}
        ${field('assets', 'Assets (comma-separated)', html`<vscode-textfield id="f-assets" aria-label="Assets, comma-separated" .value=${d.assets} @input=${set('assets')}></vscode-textfield>`)}
      </div>
    `;
  }

  private renderEditDetails(projectName: string): TemplateResult {
    return html`
      <h1>Project details: ${projectName}</h1>
      ${this.error ? html`<div class="banner" role="alert">${this.error}</div>` : nothing}
      ${!this.loaded ? html`<p class="muted">Loading…</p>` : this.renderForm('Changes are written to the threat model file with one history entry naming the fields that changed.')}
      <div class="footer">
        <vscode-button secondary @click=${() => post({ type: 'discard' })}>Cancel</vscode-button>
        <vscode-button ?disabled=${this.saving} @click=${() => this.saveDetails()}>${this.saving ? 'Saving…' : 'Save changes'}</vscode-button>
      </div>
    `;
  }

  private saveDetails(): void {
    this.send({ type: 'save', draft: this.draft });
  }

  /** Posts a save, or says what is too long instead of leaving the button on "Saving…". */
  private send(message: WizardToHost): void {
    const checked = WizardToHost.safeParse(message);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      this.error = `Cannot save: ${issue?.path.filter((p) => typeof p === 'string').at(-1) ?? 'a field'} ${issue?.message ?? 'is not valid'}.`;
      return;
    }
    this.saving = true;
    vscode.postMessage(checked.data);
  }

  private save(): void {
    const issue = this.stepIssues('items');
    if (issue) {
      this.error = issue;
      return;
    }
    // The patterns as the person sees them, pre-selection included.
    const draft: WizardDraft = { ...this.draft, items: this.draft.items.map((i) => (this.suggestions.has(i.key) || i.patterns ? { ...i, patterns: this.selectedPatterns(i) } : i)) };
    this.send({ type: 'save', draft });
  }
}

function value(e: Event): string {
  return String((e.target as HTMLInputElement).value ?? '');
}

/** What suggestions depend on: when it changes, they are asked for again. */
function signature(item: DraftItem): string {
  return JSON.stringify([item.name, item.kind, item.alsoKinds, item.technologies, item.description, item.internetFacing, item.data]);
}

/** "V12 Secure Communication" -> 12, so chapters read in the standard's order. */
function chapterOrder(chapter: string): number {
  return Number(/^V(\d+)/.exec(chapter)?.[1] ?? 99);
}

customElements.define('tm-wizard', WizardApp);
