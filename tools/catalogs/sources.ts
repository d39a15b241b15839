// Where each upstream file lives inside the sources folder, and the provenance recorded in every
// generated file's `meta`. Commits and paths are those listed in shared/catalog-sources/README.md.
import type { SourceInfo } from '../../src/core/catalog/types';

export const GENERATED_BY = 'tools/catalogs/build.ts (npm run catalogs)';

export const FILES = {
  capecStix: 'capec/stix-capec-3.9.json',
  capecCategories: 'capec/capec-3.9-categories-views.json',
  asvs403: 'asvs-4.0.3/asvs-4.0.3-en.json',
  asvs500: 'asvs-5.0.0/asvs-5.0.0-en.json',
  asvs5BeCwe: 'asvs-5.0.0/mappings/v5.0.be_cwe_mapping.json',
  asvs5BeTo500: 'asvs-5.0.0/mappings/mapping_v5.0.be_to_v5.0.0.yml',
  asvs500To403: 'asvs-5.0.0/mappings/mapping_v5.0.0_to_v4.0.3.yml',
  cweHierarchy: 'cwe/cwe-hierarchy.json',
  capecTerms: 'LICENSES/CAPEC-TERMS.txt',
  asvsLicense: 'LICENSES/ASVS-CC-BY-SA-4.0.md',
  cweSdkLicense: 'LICENSES/cwe-sdk-javascript-Apache-2.0.txt',
} as const;

export const CAPEC_VERSION = '3.9';

export const SOURCES = {
  capecStix: {
    name: 'MITRE CAPEC (STIX 2.1)',
    version: '3.9',
    date: '2023-01-24',
    repository: 'github.com/mitre/cti',
    path: 'capec/2.1/',
    commit: 'b195cbc81adbfb8ca3306c283179168bdd9011fa',
  },
  capecCategories: {
    name: 'MITRE CAPEC categories and views (transcribed from capec_latest.xml)',
    version: '3.9',
    date: '2023-01-24',
    repository: 'github.com/digitaleflex/GitHub-Cyber-Scanner-Pro',
    path: 'data/capec_latest.xml',
    commit: '564225b5e95f70240783f03463c0734dc2b6893a',
  },
  asvs403: {
    name: 'OWASP ASVS',
    version: '4.0.3',
    repository: 'github.com/OWASP/ASVS',
    path: '4.0/docs_en/OWASP Application Security Verification Standard 4.0.3-en.json',
    commit: '9bd3b962abed73353d161851bc9de4fde7dd8bcf',
  },
  asvs500: {
    name: 'OWASP ASVS',
    version: '5.0.0',
    date: '2025-05-30',
    repository: 'github.com/OWASP/ASVS',
    path: '5.0/docs_en/OWASP_Application_Security_Verification_Standard_5.0.0_en.json',
    commit: '5cf9b032440be53ce345ab3c130fda46ba1ce7a2',
  },
  asvs5BeCwe: {
    name: 'OWASP ASVS v5.0.be CWE export',
    version: '5.0.be',
    repository: 'github.com/OWASP/ASVS',
    path: '5.0/mappings/v5.0.be_cwe_mapping.json',
    commit: '260dbb0d39fd096b35e4fb2b3b6b1d168da8af38',
  },
  asvs5BeTo500: {
    name: 'OWASP ASVS v5.0.be to v5.0.0 renumbering',
    version: '5.0.0',
    repository: 'github.com/OWASP/ASVS',
    path: '5.0/mappings/mapping_v5.0.be_to_v5.0.0.yml',
    commit: '2c6ba7e6879a9d80ebf32e0d3a5fb2d270f39ed0',
  },
  asvs500To403: {
    name: 'OWASP ASVS v5.0.0 to v4.0.3 lineage',
    version: '5.0.0',
    repository: 'github.com/OWASP/ASVS',
    path: '5.0/mappings/mapping_v5.0.0_to_v4.0.3.yml',
    commit: '817d521a418c2210670f4571ce2872fc3b58490c',
  },
  cweHierarchy: {
    name: 'CWE ChildOf hierarchy (OWASP cwe-sdk-javascript, from MITRE CWE)',
    version: 'cwec_latest as of 2023-11-15',
    repository: 'github.com/OWASP/cwe-sdk-javascript',
    path: 'raw/cwe-hierarchy.json',
    commit: 'aaec8079baafd2d29bf6fefb14fc4f3cadf8270a',
  },
} satisfies Record<string, SourceInfo>;

export const CAPEC_ATTRIBUTION =
  'CAPEC™ content © 2007–2023 The MITRE Corporation. CAPEC and the CAPEC logo are trademarks of The MITRE Corporation. ' +
  'Used under the CAPEC Terms of Use; see LICENSE-CAPEC.txt.';
export const CAPEC_LICENSE = 'CAPEC Terms of Use (LICENSE-CAPEC.txt)';

export const ASVS_ATTRIBUTION: Record<'5.0.0' | '4.0.3', string> = {
  '5.0.0':
    'OWASP Application Security Verification Standard 5.0.0, Copyright © 2008-2025 The OWASP Foundation, released under the ' +
    'Creative Commons Attribution-ShareAlike 4.0 International License (https://creativecommons.org/licenses/by-sa/4.0/).',
  '4.0.3':
    'OWASP Application Security Verification Standard 4.0.3 © 2008-2021 The OWASP Foundation, CC BY-SA 3.0 (document) / ' +
    'CC BY-SA 4.0 (repository licence).',
};
export const ASVS_LICENSE = 'CC BY-SA 4.0 (LICENSE-ASVS-CC-BY-SA-4.0.md); this file is an adaptation of OWASP ASVS data';

export const CWE_ATTRIBUTION =
  'CWE™ © The MITRE Corporation. CWE ChildOf edges extracted by OWASP cwe-sdk-javascript (Apache-2.0; see NOTICE-CWE-SDK.txt).';
