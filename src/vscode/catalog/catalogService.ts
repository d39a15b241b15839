// The extension's access to the shipped catalogs: created at activation, read on first use only, with
// a progress indicator the first time a view needs the data.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CatalogStore, type EditionCatalogs } from '../../core/catalog/catalogStore';
import type { AsvsEdition } from '../../core/catalog/types';
import type { CatalogSearch } from '../../core/search/catalogSearch';
import { CatalogSearchProvider } from '../../core/search/searchProvider';
import type { SuggestionEngine } from '../../core/suggest/suggestionEngine';
import { SuggestionData } from '../../core/suggest/suggestionData';
import { readWorkspaceRulesAsync } from '../../core/suggest/workspaceRules';
import type { FileProblem } from '../../core/suggest/configFile';
import type { RulesFileResult } from '../../core/suggest/rulesFile';
import type { WorkspaceModels } from '../model/workspaceModels';

export class CatalogService implements vscode.Disposable {
  private store: CatalogStore | undefined;
  private readonly loaded = new vscode.EventEmitter<AsvsEdition>();
  /** Fires when an edition's catalogs have been loaded (views can then show requirement texts). */
  readonly onDidLoad = this.loaded.event;
  private searchProvider: CatalogSearchProvider | undefined;
  private suggestionData: SuggestionData | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly models: WorkspaceModels,
  ) {}

  /** The ASVS edition in use: the workspace model's, else the setting's. */
  edition(): AsvsEdition {
    const fromModel = this.models.all.map((s) => s.file?.model.asvs).find((e) => e !== undefined);
    return fromModel ?? vscode.workspace.getConfiguration('threatModeling').get<AsvsEdition>('asvsEdition') ?? '5.0.0';
  }

  get isLoaded(): boolean {
    return this.store?.isLoaded('capec') ?? false;
  }

  /** True once an edition's ASVS catalog is in memory. */
  hasEdition(edition: AsvsEdition): boolean {
    return this.store?.isLoaded('asvs', edition) ?? false;
  }

  /** The text of an ASVS requirement if that edition is already loaded; never loads anything. */
  requirementText(id: string, edition: AsvsEdition): string | undefined {
    return this.hasEdition(edition) ? this.store!.asvs(edition).requirement(id)?.text : undefined;
  }

  dispose(): void {
    this.loaded.dispose();
  }

  /** The search index of an edition, built on first use. */
  async search(edition: AsvsEdition = this.edition()): Promise<CatalogSearch> {
    await this.catalogs(edition);
    this.searchProvider ??= new CatalogSearchProvider(this.catalogStore());
    return this.searchProvider.getAsync(edition);
  }

  /**
   * A suggestion engine with the built-in rules and the workspace folder's own (.threatmodel/rules.yaml),
   * read afresh each time (unless the caller just read it) so edits to that file apply at once; its
   * problems come back to be shown.
   */
  async suggestions(folderPath: string, alreadyRead?: RulesFileResult): Promise<{ engine: SuggestionEngine; problems: ReadonlyArray<FileProblem> }> {
    const { capec } = await this.catalogs();
    this.suggestionData ??= new SuggestionData(this.dir());
    const workspace = alreadyRead ?? (await readWorkspaceRulesAsync(folderPath));
    const engine = await this.suggestionData.engineAsync(capec, workspace ? [workspace] : []);
    // The engine reports both a file that failed to parse and rules it had to skip (unknown or retired ids).
    return { engine, problems: engine.problems };
  }

  private dir(): string {
    return join(this.extensionPath, 'catalogs');
  }

  private catalogStore(): CatalogStore {
    return (this.store ??= new CatalogStore(this.dir()));
  }

  /** The catalogs of an edition (default: the one in use), loading them on first call. */
  async catalogs(edition: AsvsEdition = this.edition()): Promise<EditionCatalogs> {
    const store = this.catalogStore();
    if (store.isLoaded('capec') && store.isLoaded('asvs', edition) && store.isLoaded('mapping', edition)) return store.catalogs(edition);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading CAPEC and ASVS catalogs' }, async () => {
      const [capec, asvs, mapping] = await Promise.all([store.capecAsync(), store.asvsAsync(edition), store.mappingAsync(edition)]);
      this.loaded.fire(edition);
      return { edition, capec, asvs, mapping };
    });
  }
}
