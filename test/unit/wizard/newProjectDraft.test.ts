// The wizard's logic without VS Code: summaries, derived requirements, and how an edited architecture keeps
// the ids of existing items while new ones get ids the project does not use yet.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { CatalogStore } from '../../../src/core/catalog/catalogStore';
import type { Project } from '../../../src/core/model/schema';
import { architectureDraft, architectureEdit, detailsToSave, requirementViews, summaryOf } from '../../../src/core/wizard/newProjectDraft';
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

  it('saves only the details the person changed, keeping the file\'s own values for the rest', () => {
    const project = { id: 'p', name: 'P', goal: 'line one\nline two', tags: ['payments, EU', 'pci'], estimatedHours: 3, items: [], requirements: [], history: [] } as unknown as Project;
    const opened = { name: 'P', estimatedHours: '3', goal: 'line one\nline two', scope: '', team: '', tags: 'payments, EU, pci', assets: '' };
    const saved = detailsToSave({ ...opened, name: 'Payments' }, opened, project);
    assert.deepEqual(saved, { name: 'Payments', estimatedHours: 3, goal: 'line one\nline two', tags: ['payments, EU', 'pci'] });
    const cleared = detailsToSave({ ...opened, goal: '' }, opened, project);
    assert.equal(cleared.goal, undefined, 'a field the person emptied is cleared');
  });

  it('leaves an unchanged architecture unchanged: no defaults written, long text uncut, unrelated requirements kept', () => {
    const project = {
      id: 'shop',
      name: 'Shop',
      status: 'running',
      items: [{ id: 'api', name: 'API', kind: 'rest-api', description: 'd'.repeat(6_000), attackPatterns: ['CAPEC-66'] }],
      requirements: [
        { id: 'V1.2.4', status: 'todo', because: [{ item: 'api', capec: 'CAPEC-66' }] },
        // Derived by an older catalog, say: not derived now, yet not for this edit to remove.
        { id: 'V16.3.1', status: 'todo', because: [{ item: 'api', capec: 'CAPEC-66' }] },
      ],
      history: [],
    } as unknown as Project;
    const { draft, keyToId } = architectureDraft(indexes, project);
    const edit = architectureEdit(indexes, draft, keyToId, (i) => i.patterns ?? [], project);
    assert.equal(edit.items[0].internetFacing, undefined, 'not written as false when the file says nothing');
    assert.equal(edit.items[0].description?.length, 6_000, 'not cut to the draft\'s cap');
    assert.ok(edit.requirements.some((r) => r.id === 'V16.3.1'), 'a requirement the opened architecture did not derive is kept');
  });

  it('never gives a new item the id of one removed in the same edit', () => {
    const project = { id: 's', name: 'S', status: 'todo', items: [{ id: 'api', name: 'Backend', kind: 'rest-api', attackPatterns: [] }], requirements: [], history: [] } as unknown as Project;
    const { draft, keyToId } = architectureDraft(indexes, project);
    const edited = { ...draft, items: [{ ...draft.items[0], key: 'new1', name: 'API' }] };
    const edit = architectureEdit(indexes, edited, keyToId, (i) => i.patterns ?? [], project);
    assert.deepEqual(edit.items.map((i) => i.id), ['api-2']);
  });
});
