import { describe, expect, it } from 'vitest'
import { mentionOf, renderMarkdown, type MentionResolver } from './markdown'

const ALLOWED_TAGS = new Set(['STRONG', 'EM', 'CODE', 'PRE', 'A', 'BR', 'SPAN'])

/** The HTML as the browser reads it, checked: only the renderer's own elements, attributes and http(s) links. */
function parse(html: string): HTMLDivElement {
  const div = document.createElement('div')
  div.innerHTML = html
  for (const el of div.querySelectorAll('*')) {
    expect(ALLOWED_TAGS.has(el.tagName), `unexpected <${el.tagName}> in ${html}`).toBe(true)
    for (const attr of el.attributes) {
      expect(['href', 'rel', 'target', 'class'], `unexpected ${attr.name} in ${html}`).toContain(attr.name)
    }
    if (el.tagName === 'A') {
      expect(el.getAttribute('href')).toMatch(/^https?:\/\//)
      expect(el.getAttribute('rel')).toBe('noopener noreferrer')
      expect(el.getAttribute('target')).toBe('_blank')
    }
  }
  return div
}

describe('renderMarkdown', () => {
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    '<b><i>nested</i></b> <scr<script>ipt>alert(1)</scr</script>ipt>',
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    '&lt;script&gt; stays as typed &amp;',
  ])('shows %s as the text it is', (source) => {
    const div = parse(renderMarkdown(source))
    expect(div.children).toHaveLength(0)
    expect(div.textContent).toBe(source)
  })

  it('makes no link of javascript: or data: addresses', () => {
    for (const source of ['javascript:alert(1)', 'javascript://%0Aalert(1)', '[click](javascript:alert(1))', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const div = parse(renderMarkdown(source))
      expect(div.querySelector('a')).toBeNull()
      expect(div.textContent).toBe(source)
    }
  })

  it('keeps markup inside bold, italic, code and links as text', () => {
    const div = parse(renderMarkdown('**<img src=x onerror=alert(1)>** *<script>x</script>* `<b>code</b>`'))
    expect(div.querySelector('strong')!.textContent).toBe('<img src=x onerror=alert(1)>')
    expect(div.querySelector('em')!.textContent).toBe('<script>x</script>')
    expect(div.querySelector('code')!.textContent).toBe('<b>code</b>')
  })

  it('ends a link at a quote, so it cannot add attributes', () => {
    const div = parse(renderMarkdown('https://example.com/"onmouseover="alert(1)" and <https://example.org/a?b=1&c=2>.'))
    const links = div.querySelectorAll('a')
    expect([...links].map((a) => a.getAttribute('href'))).toEqual(['https://example.com/', 'https://example.org/a?b=1&c=2'])
    expect(div.textContent).toBe('https://example.com/"onmouseover="alert(1)" and <https://example.org/a?b=1&c=2>.')
  })

  it('renders bold, italic, code, code blocks, links and line breaks', () => {
    const html = renderMarkdown('**bold** and *italic*, `x < y`\nsee https://salon.example/a_b*c_ (or http://x.org).\n```js\nif (a && b) {\n  <tag>\n}\n```\nafter')
    expect(html).toBe('<strong>bold</strong> and <em>italic</em>, <code>x &lt; y</code><br>'
      + 'see <a href="https://salon.example/a_b*c_" rel="noopener noreferrer" target="_blank">https://salon.example/a_b*c_</a> '
      + '(or <a href="http://x.org" rel="noopener noreferrer" target="_blank">http://x.org</a>).'
      + '<pre><code>if (a &amp;&amp; b) {\n  &lt;tag&gt;\n}</code></pre>after')
    parse(html)
  })

  it('nests bold and italic properly, and leaves lone asterisks alone', () => {
    expect(renderMarkdown('**a *b* c**')).toBe('<strong>a <em>b</em> c</strong>')
    expect(renderMarkdown('2 * 3 * 4')).toBe('2 * 3 * 4')
    parse(renderMarkdown('***x*** *a **b** c* **unclosed *mixed**'))
  })

  it('highlights the mentions the resolver knows, with their names escaped', () => {
    const people: Record<string, string> = { bob: 'Bob', 'Eve <img src=x onerror=alert(1)>': 'Eve <img src=x onerror=alert(1)>' }
    const resolve: MentionResolver = (token) => (people[token] ? { label: `@${people[token]}`, me: token === 'bob' } : null)
    const div = parse(renderMarkdown('hi @bob and @"Eve <img src=x onerror=alert(1)>", not @nobody nor me@bob.org', resolve))
    const mentions = div.querySelectorAll('span.mention')
    expect([...mentions].map((m) => m.textContent)).toEqual(['@Bob', '@Eve <img src=x onerror=alert(1)>'])
    expect(mentions[0].classList.contains('mention-me')).toBe(true)
    expect(div.textContent).toBe('hi @Bob and @Eve <img src=x onerror=alert(1)>, not @nobody nor me@bob.org')
  })

  it('keeps a NUL typed in the text from reaching into the rendered pieces', () => {
    const div = parse(renderMarkdown('`a` \u00000\u0000 <b>'))
    expect(div.textContent).toBe('a \uFFFD0\uFFFD <b>')
  })
})

describe('mentionOf', () => {
  const bob = { participantId: 'b-1', name: 'Bob' }
  const bobMartin = { participantId: 'b-2', name: 'Bob Martin' }

  it('mentions by name, quoted when it has spaces, by id when the name is not unique', () => {
    expect(mentionOf(bob, [bob, bobMartin])).toBe('@Bob')
    expect(mentionOf(bobMartin, [bob, bobMartin])).toBe('@"Bob Martin"')
    expect(mentionOf(bob, [bob, { participantId: 'b-3', name: 'bob' }])).toBe('@b-1')
  })
})
