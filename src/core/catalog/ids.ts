// Normalises the ways people and models write catalog ids ("66", "capec-66", "CAPEC 66"; "1.2.5", "v1.2.5").

/** "CAPEC-66" for any recognisable spelling, otherwise undefined. */
export function normalizeCapecId(input: string): string | undefined {
  const m = /^\s*(?:capec\s*[-_: ]?\s*)?(\d{1,5})\s*$/i.exec(input);
  return m ? `CAPEC-${Number(m[1])}` : undefined;
}

/** "V1.2.5" for "1.2.5", "v1.2.5" or "V1.2.5"; undefined if it is not a requirement id. */
export function normalizeRequirementId(input: string): string | undefined {
  const m = /^\s*v?(\d{1,2})\.(\d{1,2})\.(\d{1,2})\s*$/i.exec(input);
  return m ? `V${Number(m[1])}.${Number(m[2])}.${Number(m[3])}` : undefined;
}

/** "1.2.5": the form the threat model file uses. */
export function shortRequirementId(id: string): string {
  return id.replace(/^V/i, '');
}

/** Numeric part of "CAPEC-66" or "CWE-89", for ordering. */
export function idNumber(id: string): number {
  return Number(/(\d+)\s*$/.exec(id)?.[1] ?? NaN);
}
