// Recognises queries that are (the start of) an identifier: "CAPEC-66", "capec 6", "66", "V1.2.4", "1.2",
// "v5", "CWE-89". These are answered from the ids before any text matching.

export type IdQuery =
  | { readonly kind: 'capec'; readonly number: string }
  /** `parts` has 1 to 3 numbers: a chapter, a section or a requirement. */
  | { readonly kind: 'asvs'; readonly parts: readonly string[] }
  | { readonly kind: 'cwe'; readonly id: string };

export function parseIdQuery(query: string): IdQuery | undefined {
  const q = query.trim();
  const capec = /^(?:capec)?[\s\-_:#]*(\d{1,5})$/i.exec(q);
  if (capec) return { kind: 'capec', number: String(Number(capec[1])) };
  // A bare number is a CAPEC id; ASVS needs a "V" or a dot ("V5", "5.3", "1.2.4").
  const asvs = /^v\s*(\d{1,2})(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?\.?$/i.exec(q) ?? /^(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?\.?$/.exec(q);
  if (asvs) return { kind: 'asvs', parts: asvs.slice(1).filter((p): p is string => p !== undefined).map((p) => String(Number(p))) };
  const cwe = /^cwe[\s\-_:#]*(\d{1,5})$/i.exec(q);
  if (cwe) return { kind: 'cwe', id: `CWE-${Number(cwe[1])}` };
  return undefined;
}
