// The extension's access to the shipped catalogs: created at activation, read on first use only, with
// a progress indicator the first time a view needs the data.
import { join } from 'node:path';
import * as vscode from 'vscode';
import { CatalogStore, type EditionCatalogs } from '../../core/catalog/catalogStore';
import type { AsvsEdition } from '../../core/catalog/types';
import type { WorkspaceModels } from '../model/workspaceModels';

export class CatalogService {
  private store: CatalogStore | undefined;

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

  /** The catalogs of an edition (default: the one in use), loading them on first call. */
  async catalogs(edition: AsvsEdition = this.edition()): Promise<EditionCatalogs> {
    const store = (this.store ??= new CatalogStore(join(this.extensionPath, 'catalogs')));
    if (store.isLoaded('capec') && store.isLoaded('asvs', edition) && store.isLoaded('mapping', edition)) return store.catalogs(edition);
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading CAPEC and ASVS catalogs' }, async () => {
      const [capec, asvs, mapping] = await Promise.all([store.capecAsync(), store.asvsAsync(edition), store.mappingAsync(edition)]);
      return { edition, capec, asvs, mapping };
    });
  }
}
