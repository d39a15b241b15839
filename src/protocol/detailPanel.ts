// Messages between the catalog detail panel (webview) and the extension host. Both sides validate
// what they receive with these schemas; nothing crosses untyped.
import { z } from 'zod';
import type { DetailView } from '../core/details/detailView';

const text = z.string().max(100_000);
const id = z.string().max(64);
const patternRef = z.object({ id, name: text, abstraction: z.string().max(32) });

export const DetailViewSchema: z.ZodType<DetailView> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pattern'),
    id,
    name: text,
    abstraction: z.string().max(32),
    status: z.string().max(32),
    severity: z.string().max(32).optional(),
    likelihood: z.string().max(32).optional(),
    description: text,
    extendedDescription: text.optional(),
    prerequisites: z.array(text),
    mitigations: z.array(text),
    consequences: z.array(text),
    cwes: z.array(id),
    domains: z.array(text),
    categories: z.array(z.object({ id, name: text })),
    parents: z.array(patternRef),
    children: z.array(patternRef),
    edition: z.string().max(16),
    requirements: z.array(z.object({ id, text, level: z.number(), methods: z.array(z.string()), why: z.array(text) })),
    unmappedReason: text.optional(),
  }),
  z.object({
    kind: z.literal('requirement'),
    id,
    text,
    edition: z.string().max(16),
    chapter: text,
    section: text,
    level: z.number(),
    cwes: z.array(id),
    cwesDerived: z.boolean(),
    patterns: z.array(patternRef.extend({ why: z.array(text) })),
  }),
]);

export const HostToDetail = z.discriminatedUnion('type', [
  z.object({ type: z.literal('show'), detail: DetailViewSchema, canAddToItem: z.boolean() }),
]);
export type HostToDetail = z.infer<typeof HostToDetail>;

export const DetailToHost = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** Sent after each render with what is shown, so the host (and its tests) know the panel works. */
  z.object({ type: z.literal('rendered'), kind: z.enum(['pattern', 'requirement']), id }),
  z.object({ type: z.literal('open'), target: z.enum(['pattern', 'requirement', 'cwe']), id }),
  z.object({ type: z.literal('addToItem'), capecId: id }),
]);
export type DetailToHost = z.infer<typeof DetailToHost>;
