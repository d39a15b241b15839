// Converts the XHTML fragments in CAPEC text fields into plain text with simple Markdown.
//
// Hand-written rather than an HTML parser library: in CAPEC text only `xhtml:`-prefixed tags are markup.
// Everything else that looks like a tag (`<img>`, `<script>`, `<parser1> --> <parser2>`) is prose about
// markup, and a generic HTML parser would swallow it. Such mentions become code spans so a Markdown
// renderer shows them instead of interpreting them. Entities are left alone for the same reason: the few
// that occur (`&lol;`) are literal parts of attack payload examples.

const TAG = /<(\/?)xhtml:([a-zA-Z0-9]+)((?:\s+[a-zA-Z-]+="[^"]*")*)\s*(\/?)>/g;
const CODE_CLASSES = new Set(['good', 'bad', 'attack', 'result']);

// Private-use placeholders for emphasis markers, resolved after whitespace is normalised.
const OPEN_B = '\uE000';
const CLOSE_B = '\uE001';
const OPEN_I = '\uE002';
const CLOSE_I = '\uE003';

type Block = { kind: 'para' | 'item' | 'code'; text: string };

interface ListState {
  ordered: boolean;
  next: number;
}

/** Converts one CAPEC XHTML fragment (or plain text) into Markdown-ish text. */
export function xhtmlToMarkdown(input: string): string {
  const blocks: Block[] = [];
  const lists: ListState[] = [];
  let inline = '';
  let itemPrefix: string | undefined;
  let codeDepth = 0;
  let code = '';

  const flushInline = (): void => {
    const text = finishInline(inline);
    inline = '';
    if (text === '') {
      return;
    }
    if (itemPrefix !== undefined) {
      blocks.push({ kind: 'item', text: itemPrefix + text });
      itemPrefix = undefined;
    } else {
      blocks.push({ kind: 'para', text });
    }
  };
  const flushCode = (): void => {
    const text = dedent(code);
    code = '';
    if (text !== '') {
      blocks.push({ kind: 'code', text });
    }
  };

  let last = 0;
  for (const m of input.matchAll(TAG)) {
    const text = input.slice(last, m.index);
    last = m.index! + m[0].length;
    if (codeDepth > 0) {
      code += text;
    } else {
      inline += text;
    }
    const closing = m[1] === '/';
    const selfClosing = m[4] === '/';
    const name = m[2].toLowerCase();
    const attrs = m[3];

    if (codeDepth > 0) {
      // Inside a code example every structural tag is only a line break.
      if (name === 'div') {
        codeDepth += closing ? -1 : selfClosing ? 0 : 1;
        if (codeDepth === 0) {
          flushCode();
          continue;
        }
      }
      code += '\n';
      continue;
    }

    switch (name) {
      case 'b':
      case 'strong':
        inline += closing ? CLOSE_B : OPEN_B;
        break;
      case 'i':
      case 'em':
        inline += closing ? CLOSE_I : OPEN_I;
        break;
      case 'br':
        inline += ' ';
        break;
      case 'ul':
      case 'ol':
        flushInline();
        if (closing) {
          lists.pop();
        } else if (!selfClosing) {
          lists.push({ ordered: name === 'ol', next: 1 });
        }
        break;
      case 'li':
        if (closing) {
          flushInline();
          itemPrefix = undefined;
        } else {
          flushInline();
          const list = lists[lists.length - 1] ?? { ordered: false, next: 1 };
          const indent = '  '.repeat(Math.max(0, lists.length - 1));
          itemPrefix = indent + (list.ordered ? `${list.next++}. ` : '- ');
        }
        break;
      case 'div': {
        // A paragraph inside a list item continues the item rather than ending it.
        const cls = /class="([^"]*)"/.exec(attrs)?.[1] ?? '';
        if (!closing && !selfClosing && CODE_CLASSES.has(cls)) {
          flushInline();
          codeDepth = 1;
          code = '';
        } else if (itemPrefix === undefined) {
          flushInline();
        }
        break;
      }
      default:
        // p, h*, table cells and anything else block-like: a paragraph boundary.
        if (itemPrefix === undefined) {
          flushInline();
        } else {
          inline += ' ';
        }
    }
  }
  if (codeDepth > 0) {
    code += input.slice(last);
    flushCode();
  } else {
    inline += input.slice(last);
    flushInline();
  }

  let out = '';
  blocks.forEach((block, i) => {
    if (i > 0) {
      out += block.kind === 'item' && blocks[i - 1].kind === 'item' ? '\n' : '\n\n';
    }
    out += block.kind === 'code' ? '```\n' + block.text + '\n```' : block.text;
  });
  return out;
}

/** Normalises whitespace, resolves emphasis placeholders and turns tag mentions into code spans. */
function finishInline(raw: string): string {
  let s = raw.replace(/\s+/g, ' ');
  // Whitespace belongs outside emphasis markers: "** x **" is not emphasis in Markdown.
  s = s.replace(/([\uE000\uE002])\s+/g, ' $1').replace(/\s+([\uE001\uE003])/g, '$1 ');
  // Upstream often drops the space around inline tags ("a<i>client</i>by").
  s = s.replace(/([\p{L}\p{N})])([\uE000\uE002])/gu, '$1 $2').replace(/([\uE001\uE003])([\p{L}\p{N}(])/gu, '$1 $2');
  s = s.replace(/\uE000\uE001|\uE002\uE003/g, '');
  s = codeSpanTagMentions(s);
  s = s.replace(/[\uE000\uE001]/g, '**').replace(/[\uE002\uE003]/g, '*');
  return s.replace(/ {2,}/g, ' ').trim();
}

/** Wraps prose mentions of markup (`<img>`, `<<script`) in code spans. */
export function codeSpanTagMentions(text: string): string {
  const parts = text.split(/(`[^`]*`)/);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) {
        return part; // already a code span
      }
      return part
        .replace(/<\s?[!/A-Za-z][^<>]{0,40}>/g, (m) => '`' + m + '`')
        .replace(/(^|[^`])(<+[A-Za-z][\w:-]*)/g, (_m, pre: string, tag: string) => pre + '`' + tag + '`');
    })
    .join('');
}

function dedent(raw: string): string {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[0].trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const min = indents.length > 0 ? Math.min(...indents) : 0;
  return lines
    .map((l) => l.slice(min))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n') // nested example divs leave runs of empty lines
    .replace(/```/g, "'''");
}
