// Messages between the catalog detail panel (webview) and the extension host. Both sides validate
// what they receive with these schemas; nothing crosses untyped. Every object is strict (an unknown key is
// an error, not silently dropped) and every string and array has a cap, so a message that is not ours, or
// that is too big to be one, is refused whole.
import { z } from 'zod';
import type { DetailView } from '../core/details/detailView';

// The caps sit well above the largest catalog entry (a 2,343-character mitigation, 100 patterns behind one
// requirement, 26 requirements behind one pattern); test/unit/protocol checks every catalog entry fits.
const text = z.string().max(20_000);
const name = z.string().max(1_000);
const id = z.string().max(64);
const label = z.string().max(32);
const edition = z.string().max(16);
const level = z.int().min(1).max(3);
const texts = z.array(text).max(500);
const ids = z.array(id).max(500);
const whys = z.array(z.string().max(1_000)).max(100);
const patternRef = z.strictObject({ id, name, abstraction: label });
const relevance = z.enum(['primary', 'supporting', 'related']).optional();

export const DetailViewSchema: z.ZodType<DetailView> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('pattern'),
    id,
    name,
    abstraction: label,
    status: label,
    severity: label.optional(),
    likelihood: label.optional(),
    description: text,
    extendedDescription: text.optional(),
    prerequisites: texts,
    mitigations: texts,
    consequences: texts,
    cwes: ids,
    domains: z.array(name).max(100),
    categories: z.array(z.strictObject({ id, name })).max(500),
    parents: z.array(patternRef).max(1_000),
    children: z.array(patternRef).max(1_000),
    edition,
    requirements: z.array(z.strictObject({ id, text, level, relevance, rationale: name.optional(), more: z.boolean().optional(), methods: z.array(label).max(20), why: whys })).max(2_000),
    unmappedReason: text.optional(),
  }),
  z.strictObject({
    kind: z.literal('requirement'),
    id,
    text,
    edition,
    chapter: name,
    section: name,
    level,
    cwes: ids,
    cwesDerived: z.boolean(),
    references: z.array(label).max(20),
    patterns: z.array(z.strictObject({ id, name, abstraction: label, relevance, why: whys })).max(2_000),
  }),
]);

export const HostToDetail = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('show'), detail: DetailViewSchema, canAddToItem: z.boolean() }),
]);
export type HostToDetail = z.infer<typeof HostToDetail>;

export const DetailToHost = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  /** Sent after each render with what is shown, so the host (and its tests) know the panel works. */
  z.strictObject({ type: z.literal('rendered'), kind: z.enum(['pattern', 'requirement']), id }),
  z.strictObject({ type: z.literal('open'), target: z.enum(['pattern', 'requirement', 'cwe']), id }),
  z.strictObject({ type: z.literal('addToItem'), capecId: id }),
  /** A requirement's reference, by index: the host looks the address up in the catalog, never trusting one from here. */
  z.strictObject({ type: z.literal('openReference'), requirementId: id, index: z.int().min(0).max(19) }),
]);
export type DetailToHost = z.infer<typeof DetailToHost>;
