// The catalog detail panel: one attack pattern or one ASVS requirement, rendered with vscode-elements.
// Every message from the host is validated; every catalog string is rendered as text, never as HTML.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import type { PatternDetail, PatternRef, RequirementDetail } from '../src/core/details/detailView';
import { DetailToHost, HostToDetail } from '../src/protocol/detailPanel';
import { poster } from './shared/vscodeApi';

const post = poster(DetailToHost);

/** Catalog text is plain text with blank-line paragraphs and "- " list lines. */
function prose(text: string | undefined): TemplateResult | typeof nothing {
  if (!text) return nothing;
  return html`${text.split(/\n{2,}/).map((block) => {
    const lines = block.split('\n');
    if (lines.every((l) => l.startsWith('- '))) return html`<ul>${lines.map((l) => html`<li>${l.slice(2)}</li>`)}</ul>`;
    return html`<p>${block}</p>`;
  })}`;
}

class DetailApp extends LitElement {
  static override properties = { detail: { state: true }, canAddToItem: { state: true }, error: { state: true }, showRelated: { state: true } };
  detail: HostToDetail['detail'] | undefined;
  canAddToItem = false;
  error: string | undefined;
  /** Related-by-weakness links are folded away until asked for (per shown pattern). */
  showRelated = false;

  static override styles = css`
    :host { display: block; padding: 0 20px 24px; font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); max-width: 960px; }
    h1 { font-size: 1.5em; font-weight: 600; margin: 16px 0 4px; }
    h2 { font-size: 1.1em; font-weight: 600; margin: 20px 0 6px; }
    .id { color: var(--vscode-descriptionForeground); font-weight: normal; }
    .meta { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 8px 0 12px; }
    .actions { margin: 12px 0; }
    a { color: var(--vscode-textLink-foreground); cursor: pointer; text-decoration: none; }
    a:hover, a:focus { text-decoration: underline; }
    ul { padding-left: 20px; margin: 4px 0; }
    li { margin: 3px 0; }
    .req { margin: 8px 0; }
    .why { color: var(--vscode-descriptionForeground); font-size: 0.92em; }
    .empty { color: var(--vscode-descriptionForeground); font-style: italic; }
    h3 { font-size: 1em; font-weight: 600; margin: 14px 0 2px; }
    .tier-note { color: var(--vscode-descriptionForeground); font-size: 0.92em; margin: 0 0 4px; }
    .rationale { margin: 2px 0; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent) => {
      const parsed = HostToDetail.safeParse(event.data);
      if (!parsed.success) {
        this.error = 'The panel received a message it does not understand.';
        return;
      }
      if (this.detail?.id !== parsed.data.detail.id) this.showRelated = false;
      this.detail = parsed.data.detail;
      this.canAddToItem = parsed.data.canAddToItem;
      this.error = undefined;
    });
    post({ type: 'ready' });
  }

  protected override updated(): void {
    if (this.detail) post({ type: 'rendered', kind: this.detail.kind, id: this.detail.id });
  }

  private link(target: 'pattern' | 'requirement' | 'cwe', id: string, label: string): TemplateResult {
    return this.action(label, { type: 'open', target, id });
  }

  /** A link that asks the host to do something; keyboard users reach it with Tab and Enter. */
  private action(label: string, message: DetailToHost): TemplateResult {
    const run = (e: Event) => {
      e.preventDefault();
      post(message);
    };
    return html`<a href="#" role="link" @click=${run} @keydown=${(e: KeyboardEvent) => e.key === 'Enter' && run(e)}>${label}</a>`;
  }

  private patternList(title: string, list: PatternRef[]): TemplateResult | typeof nothing {
    if (list.length === 0) return nothing;
    return html`<h2>${title}</h2><ul>${list.map((p) => html`<li>${this.link('pattern', p.id, `${p.id} ${p.name}`)} <span class="why">${p.abstraction}</span></li>`)}</ul>`;
  }

  private section(title: string, items: string[]): TemplateResult | typeof nothing {
    if (items.length === 0) return nothing;
    return html`<h2>${title}</h2><ul>${items.map((i) => html`<li>${prose(i)}</li>`)}</ul>`;
  }

  private renderPattern(p: PatternDetail): TemplateResult {
    return html`
      <h1>${p.name} <span class="id">${p.id}</span></h1>
      <div class="meta">
        <vscode-badge>${p.abstraction}</vscode-badge>
        ${p.severity ? html`<vscode-badge variant="counter">Severity: ${p.severity}</vscode-badge>` : nothing}
        ${p.likelihood ? html`<vscode-badge variant="counter">Likelihood: ${p.likelihood}</vscode-badge>` : nothing}
        <span class="why">${p.status} · ${p.domains.join(', ')}</span>
      </div>
      ${this.canAddToItem
        ? html`<div class="actions"><vscode-button @click=${() => post({ type: 'addToItem', capecId: p.id })}>Add to architecture item…</vscode-button></div>`
        : nothing}
      ${prose(p.description)} ${prose(p.extendedDescription)}
      <h2>ASVS ${p.edition} requirements</h2>
      ${this.renderRequirementsOf(p)}
      ${this.section('Prerequisites', p.prerequisites)} ${this.section('Mitigations', p.mitigations)} ${this.section('Consequences', p.consequences)}
      ${p.cwes.length ? html`<h2>Related weaknesses</h2><p>${p.cwes.map((c, i) => html`${i ? ', ' : ''}${this.link('cwe', c, c)}`)}</p>` : nothing}
      ${p.categories.length ? html`<h2>Categories</h2><ul>${p.categories.map((c) => html`<li>${c.id} ${c.name}</li>`)}</ul>` : nothing}
      ${this.patternList('Parents', p.parents)} ${this.patternList('Children', p.children)}
    `;
  }

  /** Primary, then supporting (or unreviewed) requirements; the related ones folded behind a button. */
  private renderRequirementsOf(p: PatternDetail): TemplateResult {
    const shown = p.requirements.filter((r) => !r.more);
    const more = p.requirements.filter((r) => r.more);
    const related = more.filter((r) => r.relevance === 'related');
    const further = more.filter((r) => r.relevance !== 'related');
    const group = (title: string, note: string, list: PatternDetail['requirements']) =>
      list.length ? html`<h3>${title} (${list.length})</h3><p class="tier-note">${note}</p>${list.map((r) => this.requirementOf(r))}` : nothing;
    const reviewed = p.requirements.some((r) => r.relevance);
    return html`
      ${p.requirements.length === 0 ? html`<p class="empty">${p.unmappedReason ?? 'No requirement of this edition maps to this pattern.'}</p>` : nothing}
      ${shown.length === 0 && more.length > 0 ? html`<p class="empty">No requirement of this edition addresses this attack directly.</p>` : nothing}
      ${reviewed
        ? html`${group('Primary', 'Implementing one of these prevents or detects this attack.', shown.filter((r) => r.relevance === 'primary'))}
          ${group('Supporting', 'Defence in depth: each limits or exposes the attack without stopping it alone.', shown.filter((r) => r.relevance === 'supporting'))}
          ${group('Not reviewed yet', 'Proposed by shared weaknesses; not yet judged for this attack.', shown.filter((r) => !r.relevance))}`
        : shown.map((r) => this.requirementOf(r))}
      ${more.length
        ? this.showRelated
          ? html`${group('Further supporting', 'Also defence in depth, past the ten most direct; not added to a project by default.', further)}
              ${group('Related by weakness', 'They share a weakness with this attack but do not address it; never added to a project by default.', related)}
              <vscode-button secondary @click=${() => (this.showRelated = false)}>Hide them</vscode-button>`
          : html`<vscode-button secondary @click=${() => (this.showRelated = true)}
              >Show ${more.length} more ${further.length === 0 ? 'related by weakness' : related.length === 0 ? 'supporting' : 'supporting or related by weakness'}</vscode-button
            >`
        : nothing}
    `;
  }

  private requirementOf(r: PatternDetail['requirements'][number]): TemplateResult {
    return html`<div class="req">${this.link('requirement', r.id, r.id)} <span class="why">L${r.level} · ${r.methods.join(', ')}</span><br />${r.text}
      ${r.rationale ? html`<div class="rationale">${r.rationale}</div>` : nothing}
      <div class="why">${r.why.join('; ')}</div></div>`;
  }

  private renderRequirement(r: RequirementDetail): TemplateResult {
    return html`
      <h1>${r.id} <span class="id">ASVS ${r.edition}</span></h1>
      <div class="meta"><vscode-badge>Level ${r.level}</vscode-badge><span class="why">${r.chapter} › ${r.section}</span></div>
      <p>${r.text}</p>
      ${r.references.length
        ? html`<p class="why">References: ${r.references.map((label, index) => html`${index ? ', ' : ''}${this.action(label, { type: 'openReference', requirementId: r.id, index })}`)}</p>`
        : nothing}
      ${r.cwes.length
        ? html`<h2>Weaknesses${r.cwesDerived ? ' (derived)' : ''}</h2><p>${r.cwes.map((c, i) => html`${i ? ', ' : ''}${this.link('cwe', c, c)}`)}</p>`
        : nothing}
      <h2>Attack patterns that lead here</h2>
      ${r.patterns.length === 0
        ? html`<p class="empty">No CAPEC pattern maps to this requirement.</p>`
        : html`<ul>${r.patterns.map((p) => html`<li>${this.link('pattern', p.id, `${p.id} ${p.name}`)}${p.relevance ? html` <vscode-badge>${p.relevance}</vscode-badge>` : nothing} <div class="why">${p.why.join('; ')}</div></li>`)}</ul>`}
    `;
  }

  override render(): TemplateResult {
    if (this.error) return html`<p class="empty">${this.error}</p>`;
    if (!this.detail) return html`<p class="empty">Loading…</p>`;
    return this.detail.kind === 'pattern' ? this.renderPattern(this.detail) : this.renderRequirement(this.detail);
  }
}

customElements.define('tm-detail', DetailApp);
