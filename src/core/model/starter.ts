// The text of a new threat model file: a short guide in comments and one empty project.
import { Document } from 'yaml';
import type { AsvsEdition } from './schema';

export function starterModelText(projectName: string, edition: AsvsEdition): string {
  const name = projectName.trim().slice(0, 200) || 'My system';
  const doc = new Document({
    version: 1,
    asvs: edition,
    projects: [{ id: slugify(name), name, status: 'todo', items: [], requirements: [], history: [] }],
  });
  doc.commentBefore =
    ' Threat model: architecture items, the CAPEC attack patterns that threaten them, and the OWASP ASVS\n' +
    ' requirements that follow. Edited by the Threat Modeling extension and by hand; comments are kept.';
  return doc.toString({ lineWidth: 0 });
}

/** A model file with no project yet, for the wizard to add the first one to. */
export function emptyModelText(edition: AsvsEdition): string {
  const doc = new Document({ version: 1, asvs: edition, projects: [] });
  doc.commentBefore =
    ' Threat model: architecture items, the CAPEC attack patterns that threaten them, and the OWASP ASVS\n' +
    ' requirements that follow. Edited by the Threat Modeling extension and by hand; comments are kept.';
  return doc.toString({ lineWidth: 0 });
}

/** A project or item id from a human name: lower-case ASCII, digits and dashes. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
  return slug || 'project';
}
