// Lazy access to the curated suggestion data in the catalogs directory (item-kinds.yaml,
// suggestion-rules.yaml and stride.yaml). Nothing is read at import or construction time; each file is read, validated
// and kept on first use. One instance per catalogs directory, owned by whoever needs it.
import { nodeTextReader, type CatalogReader } from '../catalog/catalogStore';
import { join } from 'node:path';
import type { CapecIndex } from '../catalog/capecIndex';
import { SuggestionDataError } from './configFile';
import { loadItemKinds, type ItemKindTaxonomy } from './itemKinds';
import { parseRulesFile, type RulesDocument, type RulesFileResult } from './rulesFile';
import { loadStrideTable, type StrideTable } from './stride';
import { SuggestionEngine } from './suggestionEngine';

export const SUGGESTION_FILES = {
  itemKinds: 'item-kinds.yaml',
  rules: 'suggestion-rules.yaml',
  stride: 'stride.yaml',
} as const;

/** How files are read; replaceable in tests or for virtual file systems. */
export type TextReader = CatalogReader;

export class SuggestionData {
  private kinds?: ItemKindTaxonomy;
  private rules?: RulesDocument;
  private strideTable?: StrideTable;

  constructor(
    readonly dir: string,
    private readonly reader: TextReader = nodeTextReader,
  ) {}

  itemKinds(): ItemKindTaxonomy {
    this.kinds ??= loadItemKinds(this.readSync(SUGGESTION_FILES.itemKinds), this.path(SUGGESTION_FILES.itemKinds));
    return this.kinds;
  }

  builtinRules(): RulesDocument {
    this.rules ??= checkedRules(parseRulesFile(this.readSync(SUGGESTION_FILES.rules), this.path(SUGGESTION_FILES.rules)));
    return this.rules;
  }

  /** Which STRIDE categories each attack pattern realises. */
  stride(): StrideTable {
    this.strideTable ??= loadStrideTable(this.readSync(SUGGESTION_FILES.stride), this.path(SUGGESTION_FILES.stride));
    return this.strideTable;
  }

  async itemKindsAsync(): Promise<ItemKindTaxonomy> {
    if (this.kinds) return this.kinds;
    const text = await this.readAsync(SUGGESTION_FILES.itemKinds);
    this.kinds ??= loadItemKinds(text, this.path(SUGGESTION_FILES.itemKinds));
    return this.kinds;
  }

  async builtinRulesAsync(): Promise<RulesDocument> {
    if (this.rules) return this.rules;
    const text = await this.readAsync(SUGGESTION_FILES.rules);
    this.rules ??= checkedRules(parseRulesFile(text, this.path(SUGGESTION_FILES.rules)));
    return this.rules;
  }

  /**
   * An engine over the built-in rules plus the workspace's (see readWorkspaceRules). Cheap enough to build
   * again whenever the workspace file changes; the built-in files are read only once.
   */
  engine(capec: CapecIndex, workspace?: ReadonlyArray<RulesFileResult | RulesDocument>): SuggestionEngine {
    return SuggestionEngine.create({ capec, kinds: this.itemKinds(), builtin: this.builtinRules(), workspace });
  }

  async engineAsync(capec: CapecIndex, workspace?: ReadonlyArray<RulesFileResult | RulesDocument>): Promise<SuggestionEngine> {
    const [kinds, builtin] = await Promise.all([this.itemKindsAsync(), this.builtinRulesAsync()]);
    return SuggestionEngine.create({ capec, kinds, builtin, workspace });
  }

  private path(name: string): string {
    return join(this.dir, name);
  }

  private readSync(name: string): string {
    try {
      return this.reader.readSync(this.path(name));
    } catch (err) {
      throw readError(this.path(name), err);
    }
  }

  private async readAsync(name: string): Promise<string> {
    try {
      return await this.reader.read(this.path(name));
    } catch (err) {
      throw readError(this.path(name), err);
    }
  }
}

function checkedRules(result: RulesFileResult): RulesDocument {
  if (!result.ok) throw new SuggestionDataError(result.problems);
  return result.document;
}

function readError(file: string, err: unknown): SuggestionDataError {
  const message = `cannot read (${err instanceof Error ? err.message : String(err)})`;
  return new SuggestionDataError([{ file, message, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
}
