import * as assert from 'node:assert/strict';
import { codeSpanTagMentions, xhtmlToMarkdown } from '../../../tools/catalogs/xhtml';

describe('xhtmlToMarkdown (CAPEC text)', () => {
  it('turns paragraphs into blank-line separated text and collapses indentation', () => {
    const input = '\n   <xhtml:p>First   line\n  continues.</xhtml:p>\n   <xhtml:p>Second.</xhtml:p>\n';
    assert.equal(xhtmlToMarkdown(input), 'First line continues.\n\nSecond.');
  });

  it('leaves plain text alone apart from whitespace', () => {
    assert.equal(xhtmlToMarkdown('  An adversary   does X.  '), 'An adversary does X.');
  });

  it('renders lists as Markdown items, nested ones indented', () => {
    const input =
      '<xhtml:p>Steps:</xhtml:p><xhtml:ul><xhtml:li>one</xhtml:li><xhtml:li>two<xhtml:ul><xhtml:li>inner</xhtml:li></xhtml:ul></xhtml:li></xhtml:ul><xhtml:p>After.</xhtml:p>';
    assert.equal(xhtmlToMarkdown(input), 'Steps:\n\n- one\n- two\n  - inner\n\nAfter.');
  });

  it('numbers ordered lists', () => {
    assert.equal(xhtmlToMarkdown('<xhtml:ol><xhtml:li>a</xhtml:li><xhtml:li>b</xhtml:li></xhtml:ol>'), '1. a\n2. b');
  });

  it('restores the spaces upstream drops around inline emphasis', () => {
    assert.equal(
      xhtmlToMarkdown('<xhtml:p>compromise a<xhtml:i>client agent</xhtml:i>by sending</xhtml:p>'),
      'compromise a *client agent* by sending',
    );
    assert.equal(xhtmlToMarkdown('<xhtml:p><xhtml:b> Bold </xhtml:b>text</xhtml:p>'), '**Bold** text');
  });

  it('keeps code examples as fenced blocks', () => {
    const input =
      '<xhtml:p>Correct:</xhtml:p><xhtml:div style="margin-left:10px;" class="good">syslog(LOG_ERR, "%s", cmdBuf);</xhtml:div>';
    assert.equal(xhtmlToMarkdown(input), 'Correct:\n\n```\nsyslog(LOG_ERR, "%s", cmdBuf);\n```');
  });

  it('treats tags that are not xhtml-prefixed as prose and puts them in code spans', () => {
    assert.equal(xhtmlToMarkdown('image tags (<img>), comments'), 'image tags (`<img>`), comments');
    assert.equal(
      xhtmlToMarkdown('<parser1> --> <input validator> --> <parser2>.'),
      '`<parser1>` --> `<input validator>` --> `<parser2>`.',
    );
    assert.equal(codeSpanTagMentions('doubling (<<script or %3C)'), 'doubling (`<<script` or %3C)');
    assert.equal(codeSpanTagMentions('a < b and `<kept>`'), 'a < b and `<kept>`');
  });

  it('leaves no tag behind for unknown xhtml elements', () => {
    const out = xhtmlToMarkdown('<xhtml:p>a<xhtml:span>b</xhtml:span></xhtml:p><xhtml:h2>Title</xhtml:h2><xhtml:br/>c');
    assert.doesNotMatch(out, /</);
    assert.match(out, /Title/);
  });
});
