/**
 * The Markdown subset chat-service stores as typed (**bold**, *italic*, `code`, ```code blocks```, http(s) links,
 * @mentions), as HTML for v-html. The whole text is escaped first: the only tags in the result are the ones added
 * here, and the only attribute value taken from the text is a link's http(s) address, already escaped (so it can
 * hold no quote).
 */

/** How a mention shows: its label (e.g. "@Bob Martin") and whether it names the reader. */
export interface Mention {
  label: string
  me: boolean
}

/** A mention's token (an id, a display name, "all") to what it shows, or null when it names nobody: it stays text. */
export type MentionResolver = (token: string) => Mention | null

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const UNESCAPES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c])
}

function unescapeHtml(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => UNESCAPES[name])
}

// An escaped quote, bracket or apostrophe ends an address, as in <https://…> or "https://…".
const ADDRESS = /\bhttps?:\/\/(?:(?!&(?:quot|lt|gt|#39);)[^\s\u0000])+/gi
// chat-service's Mentions.MENTION, on escaped text: `@"Display Name"` (its quotes escaped) or `@id-or-name`
const MENTION = /(?<![\w@])@(?:&quot;((?:(?!&quot;)[^\n])+?)&quot;|([A-Za-z0-9][A-Za-z0-9_.-]{0,63}))/g
const BARE_MENTION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/
const EMPHASIS = /\*\*([^\n]+?)\*\*|\*(?=[^\s*])([^*\n]*?[^\s*])\*/g

/** Punctuation that ends a sentence rather than the address; `&amp;` stays whole. */
function trimAddress(address: string): string {
  for (;;) {
    const last = address.slice(-1)
    const unbalanced = last === ')' && address.split('(').length < address.split(')').length
    if ((!/[.,:;!?*\]]/.test(last) && !unbalanced) || address.endsWith('&amp;')) return address
    address = address.slice(0, -1)
  }
}

/** Bold and italic, each wrapping what is inside it already rendered, so the tags added always nest properly. */
function emphasis(text: string): string {
  return text.replace(EMPHASIS, (_, bold: string | undefined, italic: string) =>
    bold !== undefined ? `<strong>${emphasis(bold)}</strong>` : `<em>${emphasis(italic)}</em>`)
}

export function renderMarkdown(source: string, mention: MentionResolver = () => null): string {
  // NUL marks the finished pieces below, so none may come from the text
  let html = escapeHtml(source.replace(/\r\n?/g, '\n').replace(/\u0000/g, '\uFFFD'))
  const pieces: string[] = []
  const keep = (piece: string): string => `\u0000${pieces.push(piece) - 1}\u0000`

  html = html.replace(/\n?```(?:[\w+-]*\n)?([\s\S]*?)\n?```\n?/g, (_, code: string) => keep(`<pre><code>${code}</code></pre>`))
  html = html.replace(/`([^`\n]+)`/g, (_, code: string) => keep(`<code>${code}</code>`))
  html = html.replace(ADDRESS, (found: string) => {
    const address = trimAddress(found)
    if (/^https?:\/\/$/i.test(address)) return found
    return keep(`<a href="${address}" rel="noopener noreferrer" target="_blank">${address}</a>`) + found.slice(address.length)
  })
  html = html.replace(MENTION, (found: string, quoted: string | undefined, bare: string | undefined) => {
    const token = quoted !== undefined ? unescapeHtml(quoted) : bare!
    const m = token.length <= 64 ? mention(token) : null
    return m ? keep(`<span class="${m.me ? 'mention mention-me' : 'mention'}">${escapeHtml(m.label)}</span>`) : found
  })
  html = emphasis(html).replace(/\n/g, '<br>')
  return html.replace(/\u0000(\d+)\u0000/g, (_, i: string) => pieces[Number(i)])
}

/**
 * How to mention a participant so chat-service finds them: the display name when no one else has it (bare if it
 * can be, else quoted), the id otherwise.
 */
export function mentionOf(who: { participantId: string; name: string }, everyone: Array<{ participantId: string; name: string }>): string {
  const lower = who.name.toLowerCase()
  const unique = everyone.every((p) => p.participantId === who.participantId || p.name.toLowerCase() !== lower)
  if (unique && BARE_MENTION.test(who.name)) return `@${who.name}`
  if (unique && who.name.length > 0 && who.name.length <= 64 && !/["\n]/.test(who.name)) return `@"${who.name}"`
  return BARE_MENTION.test(who.participantId) ? `@${who.participantId}` : `@"${who.participantId}"`
}
