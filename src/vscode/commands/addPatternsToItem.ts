// The one way the extension adds attack patterns to an architecture item: each pattern's requirements come
// from the catalog mapping of the model's ASVS edition, and the whole selection is one change to the file.
import { requirementsForPatterns } from '../../core/catalog/requirementsForPatterns';
import { addAttackPatterns } from '../../core/model/addAttackPattern';
import type { CatalogService } from '../catalog/catalogService';
import type { Identity } from '../identity';
import type { ThreatModelStore } from '../model/threatModelStore';

/** Adds the patterns and returns a summary for the person ("2 new requirements, 1 linked"). */
export async function addPatternsToItem(
  store: ThreatModelStore,
  catalogs: CatalogService,
  identity: Identity,
  target: { readonly projectId: string; readonly itemId: string },
  capecIds: ReadonlyArray<string>,
): Promise<string> {
  // A quick pick may have stayed open while the file changed; use what is loaded now.
  const current = store.file;
  if (!current) throw new Error('The threat model is invalid or not loaded; fix it and try again.');
  const indexes = await catalogs.catalogs(current.model.asvs);
  const patterns = capecIds.map((capecId) => ({ capecId, requirementIds: requirementsForPatterns(indexes, [capecId]).map((r) => r.requirement.id) }));
  const by = await identity.nameFor(store.folder);
  let summary = '';
  await store.update((file) => {
    const plan = addAttackPatterns(file, { projectId: target.projectId, itemId: target.itemId, patterns }, { by, at: new Date().toISOString() });
    summary = `${plan.added.length} new requirement${plan.added.length === 1 ? '' : 's'}, ${plan.linked.length} linked`;
    return plan.changes;
  });
  return summary;
}
