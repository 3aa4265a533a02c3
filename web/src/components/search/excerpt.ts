/**
 * Search results as plain text: the words searched for, found again in a message or a name so they can be marked,
 * and a message body cut to a short excerpt around its first match.
 */

/** A run of text, `match` when it is one of the words searched for. */
export interface Piece {
  text: string
  match: boolean
}

/**
 * The words to mark, from the query as chat-service's websearch syntax reads it: quotes grouping words, "or"
 * between alternatives and "-word" excluding one are not words the results contain.
 */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().replace(/"/g, ' ').split(/\s+/)
  return [...new Set(words.filter((w) => w && w !== 'or' && !w.startsWith('-')))]
}

function pattern(terms: string[]): RegExp | null {
  if (!terms.length) return null
  // the longest first, so "room" is marked whole when "ro" is searched for too
  const alternatives = [...terms].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  return new RegExp(alternatives.join('|'), 'giu')
}

export function highlight(text: string, terms: string[]): Piece[] {
  const found = pattern(terms)
  if (!found) return [{ text, match: false }]
  const pieces: Piece[] = []
  let at = 0
  for (const m of text.matchAll(found)) {
    if (m.index > at) pieces.push({ text: text.slice(at, m.index), match: false })
    pieces.push({ text: m[0], match: true })
    at = m.index + m[0].length
  }
  if (at < text.length) pieces.push({ text: text.slice(at), match: false })
  return pieces
}

/** The body on one line, at most about `max` characters, starting a few words before the first match. */
export function excerpt(body: string, terms: string[], max = 140): string {
  const text = body.replace(/\s+/g, ' ').trim()
  if (text.length <= max) return text
  const first = pattern(terms)?.exec(text)?.index ?? 0
  // room for the two ellipses
  const room = max - 2
  let start = Math.max(0, Math.min(first - 40, text.length - room))
  if (start > 0) {
    // not in the middle of a word
    const space = text.indexOf(' ', start)
    if (space !== -1 && space < first) start = space + 1
  }
  let end = Math.min(text.length, start + room)
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    if (space > first) end = space
  }
  return (start > 0 ? '…' : '') + text.slice(start, end).trim() + (end < text.length ? '…' : '')
}
