// Indexed, read-only view of capec-3.9.json: patterns by id, hierarchy, category and view membership,
// and resolution of retired (deprecated/obsolete) ids.
import { normalizeCapecId } from './ids';
import type { AttackPattern, CapecCatalogFile, CapecCategory, CapecView, RetiredPattern } from './types';

export type ResolvedCapec =
  | { kind: 'pattern'; id: string; pattern: AttackPattern; retired: false }
  /** A retired id: hidden from browsing, but it still resolves. `replacedBy` may be empty. */
  | { kind: 'retired'; id: string; retiredPattern: RetiredPattern; replacedBy: AttackPattern[]; retired: true };

export const MECHANISMS_VIEW = 'CAPEC-1000';
export const DOMAINS_VIEW = 'CAPEC-3000';

export class CapecIndex {
  readonly version: string;
  readonly patterns: readonly AttackPattern[];
  readonly categories: readonly CapecCategory[];
  readonly views: readonly CapecView[];
  private readonly byId = new Map<string, AttackPattern>();
  private readonly retiredById = new Map<string, RetiredPattern>();
  private readonly categoryById = new Map<string, CapecCategory>();
  private readonly viewById = new Map<string, CapecView>();
  private readonly categoriesOfPattern = new Map<string, CapecCategory[]>();

  constructor(readonly file: CapecCatalogFile) {
    this.version = file.meta.capecVersion;
    this.patterns = file.patterns;
    this.categories = file.categories;
    this.views = file.views;
    for (const p of file.patterns) this.byId.set(p.id, p);
    for (const r of file.retired) this.retiredById.set(r.id, r);
    for (const c of file.categories) {
      this.categoryById.set(c.id, c);
      for (const m of c.members) {
        const list = this.categoriesOfPattern.get(m) ?? [];
        list.push(c);
        this.categoriesOfPattern.set(m, list);
      }
    }
    for (const v of file.views) this.viewById.set(v.id, v);
  }

  /** An active pattern by id (any spelling normalizeCapecId accepts); retired ids give undefined. */
  pattern(id: string): AttackPattern | undefined {
    const key = normalizeCapecId(id);
    return key === undefined ? undefined : this.byId.get(key);
  }

  /** Resolves active and retired pattern ids; undefined for unknown ids and for category/view ids. */
  resolve(id: string): ResolvedCapec | undefined {
    const key = normalizeCapecId(id);
    if (key === undefined) return undefined;
    const pattern = this.byId.get(key);
    if (pattern) return { kind: 'pattern', id: key, pattern, retired: false };
    const retired = this.retiredById.get(key);
    if (retired) {
      const replacedBy = retired.replacedBy.map((r) => this.byId.get(r)).filter((p): p is AttackPattern => p !== undefined);
      return { kind: 'retired', id: key, retiredPattern: retired, replacedBy, retired: true };
    }
    return undefined;
  }

  retired(): readonly RetiredPattern[] {
    return this.file.retired;
  }

  parents(id: string): AttackPattern[] {
    return this.related(this.pattern(id)?.childOf);
  }

  children(id: string): AttackPattern[] {
    return this.related(this.pattern(id)?.parentOf);
  }

  /** All ancestors, nearest first (breadth-first over ChildOf), without duplicates. */
  ancestors(id: string): AttackPattern[] {
    const out: AttackPattern[] = [];
    const seen = new Set<string>();
    let level = this.parents(id);
    while (level.length > 0) {
      const next: AttackPattern[] = [];
      for (const p of level) {
        if (seen.has(p.id)) continue;
        seen.add(p.id);
        out.push(p);
        next.push(...this.parents(p.id));
      }
      level = next;
    }
    return out;
  }

  /** Meta patterns with no parent: the roots of the ChildOf forest. */
  roots(): AttackPattern[] {
    return this.patterns.filter((p) => p.childOf.length === 0);
  }

  category(id: string): CapecCategory | undefined {
    const key = normalizeCapecId(id);
    return key === undefined ? undefined : this.categoryById.get(key);
  }

  view(id: string): CapecView | undefined {
    const key = normalizeCapecId(id);
    return key === undefined ? undefined : this.viewById.get(key);
  }

  /** Categories listing the pattern directly as a member. */
  categoriesOf(patternId: string): CapecCategory[] {
    const key = normalizeCapecId(patternId);
    return key === undefined ? [] : [...(this.categoriesOfPattern.get(key) ?? [])];
  }

  /** Member categories of a view, in the view's order (e.g. the 9 of "Mechanisms of Attack"). */
  categoriesOfView(viewId: string): CapecCategory[] {
    const view = this.view(viewId);
    return (view?.members ?? []).map((m) => this.categoryById.get(m)).filter((c): c is CapecCategory => c !== undefined);
  }

  /** The categories of view 1000 "Mechanisms of Attack". */
  mechanisms(): CapecCategory[] {
    return this.categoriesOfView(MECHANISMS_VIEW);
  }

  /** The categories of view 3000 "Domains of Attack". */
  domains(): CapecCategory[] {
    return this.categoriesOfView(DOMAINS_VIEW);
  }

  /**
   * The categories of `viewId` under which a pattern falls: its own membership, else that of its nearest
   * ancestors (category members are mostly Meta patterns, so Standard/Detailed ones get theirs this way).
   */
  categoriesInView(patternId: string, viewId: string): CapecCategory[] {
    const inView = new Set(this.view(viewId)?.members ?? []);
    const own = this.categoriesOf(patternId).filter((c) => inView.has(c.id));
    if (own.length > 0) return own;
    const found = new Map<string, CapecCategory>();
    for (const a of this.ancestors(patternId)) {
      for (const c of this.categoriesOf(a.id)) if (inView.has(c.id)) found.set(c.id, c);
    }
    return [...found.values()];
  }

  private related(ids: readonly string[] | undefined): AttackPattern[] {
    return (ids ?? []).map((r) => this.byId.get(r)).filter((p): p is AttackPattern => p !== undefined);
  }
}
