// The wizard's logic without VS Code: summaries, derived requirements, and how an edited architecture keeps
// the ids of existing items while new ones get ids the project does not use yet.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { CatalogStore } from '../../../src/core/catalog/catalogStore';
import type { Project } from '../../../src/core/model/schema';
import { architectureDraft, architectureEdit, requirementViews, summaryOf } from '../../../src/core/wizard/newProjectDraft';
import { REPO_ROOT } from '../helpers';

describe('wizard draft logic', () => {
  const indexes = new CatalogStore(join(REPO_ROOT, 'catalogs')).catalogs('5.0.0');

  it('summarises a pattern by its first sentence, not at an abbreviation', () => {
    assert.equal(summaryOf('An adversary rides a trusted identifier (e.g. a session ID) to act as someone. More.'), 'An adversary rides a trusted identifier (e.g. a session ID) to act as someone.');
    assert.equal(summaryOf('x'.repeat(400)).length, 298);
  });

  it('lists primary requirements before supporting ones, each naming the items and patterns behind it', () => {
    const { requirements } = requirementViews(indexes, [{ key: 'api', patterns: ['CAPEC-66'] }, { key: 'db', patterns: ['CAPEC-66'] }]);
    const firstSupporting = requirements.findIndex((r) => r.relevance === 'supporting');
    assert.ok(firstSupporting > 0);
    assert.ok(requirements.slice(firstSupporting).every((r) => r.relevance === 'supporting'));
    const v124 = requirements.find((r) => r.id === 'V1.2.4')!;
    assert.deepEqual(v124.because, [{ item: 'api', capec: 'CAPEC-66' }, { item: 'db', capec: 'CAPEC-66' }]);
  });

  it('keeps existing item ids, gives a new item a free id, and unticks what the project never had', () => {
    const project = {
      id: 'shop',
      name: 'Shop',
      status: 'running',
      items: [
        { id: 'api', name: 'API', kind: 'rest-api', attackPatterns: ['CAPEC-66'] },
        { id: 'api-2', name: 'Old API', kind: 'rest-api', attackPatterns: [] },
      ],
      requirements: [{ id: 'V1.2.4', status: 'done', because: [{ item: 'api', capec: 'CAPEC-66' }] }],
      history: [],
    } as unknown as Project;
    const { draft, keyToId } = architectureDraft(indexes, project);
    assert.ok(draft.deselected.length > 0 && !draft.deselected.includes('V1.2.4'), 'only what the project lacks is unticked');
    // Rename the first item, keep the second, add one named like the first.
    const edited = {
      ...draft,
      items: [{ ...draft.items[0], name: 'Public API' }, draft.items[1], { ...draft.items[0], key: 'new1', name: 'API', patterns: ['CAPEC-63'] }],
    };
    const edit = architectureEdit(indexes, edited, keyToId, (i) => i.patterns ?? []);
    assert.deepEqual(edit.items.map((i) => i.id), ['api', 'api-2', 'api-3']);
    assert.equal(edit.items[0].name, 'Public API');
    assert.ok(edit.requirements.some((r) => r.because.some((b) => b.item === 'api-3' && b.capec === 'CAPEC-63')));
    assert.ok(edit.requirements.every((r) => !draft.deselected.includes(r.id)), 'unticked requirements stay out');
  });
});
