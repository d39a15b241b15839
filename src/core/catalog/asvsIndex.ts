// Indexed, read-only view of one ASVS edition: requirements by id, chapters and sections in upstream order.
import { normalizeRequirementId } from './ids';
import type { AsvsCatalogFile, AsvsChapter, AsvsEdition, AsvsLevel, AsvsRequirement } from './types';

export class AsvsIndex {
  readonly edition: AsvsEdition;
  readonly chapters: readonly AsvsChapter[];
  readonly requirements: readonly AsvsRequirement[];
  private readonly byId = new Map<string, AsvsRequirement>();
  private readonly order = new Map<string, number>();
  private readonly bySection = new Map<string, AsvsRequirement[]>();

  constructor(readonly file: AsvsCatalogFile) {
    this.edition = file.meta.edition;
    this.chapters = file.chapters;
    this.requirements = file.requirements;
    file.requirements.forEach((r, i) => {
      this.byId.set(r.id, r);
      this.order.set(r.id, i);
      const list = this.bySection.get(r.sectionId) ?? [];
      list.push(r);
      this.bySection.set(r.sectionId, list);
    });
  }

  /** A requirement by id, written "V1.2.5" or "1.2.5". */
  requirement(id: string): AsvsRequirement | undefined {
    const key = normalizeRequirementId(id);
    return key === undefined ? undefined : this.byId.get(key);
  }

  has(id: string): boolean {
    return this.requirement(id) !== undefined;
  }

  chapter(id: string): AsvsChapter | undefined {
    const key = id.trim().toUpperCase().replace(/^(\d)/, 'V$1');
    return this.chapters.find((c) => c.id === key);
  }

  requirementsOfSection(sectionId: string): AsvsRequirement[] {
    return [...(this.bySection.get(sectionId.trim().toUpperCase().replace(/^(\d)/, 'V$1')) ?? [])];
  }

  /** Requirements that apply at `level` (a level-1 requirement applies at levels 1, 2 and 3). */
  requirementsAtLevel(level: AsvsLevel): AsvsRequirement[] {
    return this.requirements.filter((r) => r.level <= level);
  }

  /** Sort key following the standard's own order (V1.2.10 after V1.2.9). */
  orderOf(id: string): number {
    const key = normalizeRequirementId(id);
    return (key !== undefined ? this.order.get(key) : undefined) ?? Number.MAX_SAFE_INTEGER;
  }
}
