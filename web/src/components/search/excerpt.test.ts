import { describe, expect, it } from 'vitest'
import { excerpt, highlight, searchTerms } from './excerpt'

describe('search excerpts', () => {
  it('takes the words searched for, not the search syntax', () => {
    expect(searchTerms('  "Design Review" or -lunch ROOM room ')).toEqual(['design', 'review', 'room'])
  })

  it('marks every match, whatever its case, the longest word first', () => {
    expect(highlight('Room or ro? (ro)', ['ro', 'room'])).toEqual([
      { text: 'Room', match: true }, { text: ' or ', match: false }, { text: 'ro', match: true },
      { text: '? (', match: false }, { text: 'ro', match: true }, { text: ')', match: false },
    ])
    expect(highlight('a+b (c)', ['a+b', '(c)']).filter((p) => p.match).map((p) => p.text)).toEqual(['a+b', '(c)'])
    expect(highlight('nothing', [])).toEqual([{ text: 'nothing', match: false }])
  })

  it('keeps a short body whole, on one line', () => {
    expect(excerpt('  one\n\ntwo  ', ['two'])).toBe('one two')
  })

  it('cuts a long body around its first match, at word boundaries', () => {
    const body = `${'alpha '.repeat(30)}needle ${'omega '.repeat(30)}`
    const cut = excerpt(body, ['needle'])
    expect(cut.length).toBeLessThanOrEqual(140)
    expect(cut).toMatch(/^…alpha .* needle omega .*omega…$/)
    expect(cut.indexOf('needle')).toBeGreaterThan(30)
    expect(excerpt(body, ['absent'])).toMatch(/^alpha .*alpha…$/)
  })
})
