// Why a requirement was proposed for a pattern, in words a reviewer can check.
import type { MappingMethod, Provenance } from '../catalog/types';

export function describeProvenance(p: Provenance): string {
  switch (p.method) {
    case 'cwe':
      return `same weakness ${p.cwe}${p.derived ? ' (derived CWE link)' : ''}`;
    case 'cwe-parent':
      return `${p.cwe} is a kind of ${p.parent}, which the requirement covers${p.derived ? ' (derived CWE link)' : ''}`;
    case 'capec-parent':
      return `inherited from the parent pattern ${p.ancestor}`;
    case 'curated':
      return `curated: ${p.rationale}`;
    case 'review':
      return 'found in the relevance review (the requirement text addresses the attack or its mitigations)';
  }
}

export const METHOD_LABELS: Readonly<Record<MappingMethod, string>> = {
  review: 'review',
  curated: 'curated',
  cwe: 'same CWE',
  'cwe-parent': 'CWE parent',
  'capec-parent': 'CAPEC parent',
};
