import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../../session'
import { fakeFetch, json, problem, type Answer, type Sent } from '../conversations/fakeFetch'
import GlobalSearch from './GlobalSearch.vue'

function conversation(id: string, name: string, extra: Record<string, unknown> = {}) {
  return { id, name, description: null, type: 'group', allowGuests: false, hasPassword: false, link: null, readOnly: false,
    lobby: { enabled: false, openAt: null, active: false }, whoMayStartCall: 'everyone', role: 'member', permissions: [],
    unread: 0, joinable: false, call: { running: false, startedAt: null }, lastActivity: new Date().toISOString(), ...extra }
}

function message(id: number, conversation: string, authorName: string, body: string) {
  return { id, seq: id, conversation, kind: 'comment', authorId: `${authorName}-id`, authorName, body, replyTo: null,
    parent: null, mentions: [], mentionsAll: false, mentionsMe: false, system: null, systemData: null, reactions: [],
    createdAt: '2024-03-05T10:42:00Z', editedAt: null, deletedAt: null }
}

const roadmap = conversation('c-road', 'Roadmap')
const lunch = conversation('c-lunch', 'Lunch crew')
const mine = [roadmap, lunch]

let wrapper: VueWrapper
let sent: Sent[]

function answering(routes: Record<string, Answer> = {}): void {
  sent = fakeFetch({
    'GET /api/room/conversations?size=200': () => json(mine),
    'GET /api/room/conversations?search=ro': () => json([roadmap]),
    'GET /api/chat/search?q=ro&limit=20': () => json([message(7, 'c-lunch', 'Bob Dupont', 'Meet in room 4 after lunch')]),
    ...routes,
  })
}

const searches = () => sent.filter((s) => s.url.includes('search'))

async function typed(text: string): Promise<VueWrapper> {
  wrapper = mount(GlobalSearch, { attachTo: document.body })
  await flushPromises()
  await wrapper.get('input').setValue(text)
  vi.advanceTimersByTime(250)
  await flushPromises()
  return wrapper
}

const options = (w: VueWrapper) => w.findAll('[role="option"]')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  session.me = { id: 'me-id', displayName: 'Me', guest: false, conversation: null }
  location.hash = ''
  answering()
})

afterEach(() => {
  wrapper?.unmount()
  session.me = null
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('GlobalSearch', () => {
  it('is a labelled, focused field', async () => {
    wrapper = mount(GlobalSearch, { attachTo: document.body })
    const input = wrapper.get('input')
    expect(input.attributes('aria-label')).toBe('Search Salon')
    expect(input.attributes('role')).toBe('combobox')
    expect(document.activeElement).toBe(input.element)
  })

  it('searches conversations and messages once each, 250 ms after the typing stops', async () => {
    wrapper = mount(GlobalSearch, { attachTo: document.body })
    await flushPromises()
    await wrapper.get('input').setValue('r')
    vi.advanceTimersByTime(300)
    await wrapper.get('input').setValue('ro')
    vi.advanceTimersByTime(249)
    await flushPromises()
    expect(searches()).toEqual([])

    vi.advanceTimersByTime(1)
    await flushPromises()
    expect(searches().map((s) => s.url)).toEqual(['/api/room/conversations?search=ro', '/api/chat/search?q=ro&limit=20'])
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(searches()).toHaveLength(2)
  })

  it('shows both groups: conversations, and messages with their author, conversation and the match marked', async () => {
    const w = await typed('ro')
    const groups = w.findAll('[role="listbox"] > [role="group"]')
    expect(groups.map((g) => w.get(`#${g.attributes('aria-labelledby')}`).text())).toEqual(['Conversations', 'Messages'])
    expect(groups[0].get('[role="option"]').text()).toBe('Roadmap')
    expect(groups[0].get('mark').text()).toBe('Ro')

    const found = groups[1].get('[role="option"]')
    expect(found.get('.search-author').text()).toBe('Bob Dupont')
    expect(found.get('.search-where').text()).toBe('in Lunch crew')
    expect(found.get('time').attributes('datetime')).toBe('2024-03-05T10:42:00Z')
    expect(found.get('.search-excerpt').html()).toContain('Meet in <mark>ro</mark>om 4 after lunch')
    expect(w.get('input').attributes('aria-expanded')).toBe('true')
    expect(w.find('[role="alert"]').exists()).toBe(false)
  })

  it('shows a message body as text, never as HTML', async () => {
    answering({ 'GET /api/chat/search?q=ro&limit=20': () => json([message(8, 'c-road', 'Eve', 'ro <img src=x onerror=alert(1)>')]) })
    const w = await typed('ro')
    const excerpt = w.get('.search-excerpt')
    expect(excerpt.find('img').exists()).toBe(false)
    expect(excerpt.text()).toBe('ro <img src=x onerror=alert(1)>')
  })

  it('walks the results with the arrow keys and opens the one chosen with Enter', async () => {
    const w = await typed('ro')
    const input = w.get('input')
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(input.attributes('aria-activedescendant')).toBe(options(w)[0].attributes('id'))
    expect(options(w)[0].attributes('aria-selected')).toBe('true')
    await input.trigger('keydown', { key: 'ArrowDown' })
    await input.trigger('keydown', { key: 'ArrowDown' })
    await input.trigger('keydown', { key: 'ArrowUp' })
    expect(options(w).map((o) => o.attributes('aria-selected'))).toEqual(['false', 'true'])

    await input.trigger('keydown', { key: 'Enter' })
    expect(location.hash).toBe('#/c/c-lunch')
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('opens a conversation clicked', async () => {
    const w = await typed('ro')
    await options(w)[0].trigger('click')
    expect(location.hash).toBe('#/c/c-road')
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('joins a public conversation before opening it', async () => {
    const open = conversation('p1', 'Robotics club', { type: 'public', role: null, joinable: true, link: 'LINKrobot' })
    answering({
      'GET /api/room/conversations?search=ro': () => json([open]),
      'POST /api/room/public/LINKrobot/join': () => json({ kind: 'user', conversation: 'p1', participantId: 'me-id',
        displayName: 'Me', token: null, expiresIn: null }),
    })
    const w = await typed('ro')
    expect(options(w)[0].text()).toContain('Public conversation: choose it to join')
    await w.get('input').trigger('keydown', { key: 'ArrowDown' })
    await w.get('input').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(sent.some((s) => s.method === 'POST' && s.url === '/api/room/public/LINKrobot/join')).toBe(true)
    expect(location.hash).toBe('#/c/p1')
  })

  it('closes on Escape', async () => {
    const w = await typed('ro')
    await w.get('input').trigger('keydown', { key: 'Escape' })
    expect(w.emitted('close')).toHaveLength(1)
    expect(location.hash).toBe('')
  })

  it('shows a refused search in an alert', async () => {
    answering({ 'GET /api/chat/search?q=ro&limit=20': () => problem(400, 'A search is 1 to 200 characters') })
    const w = await typed('ro')
    expect(w.get('[role="alert"]').text()).toBe('The search failed: A search is 1 to 200 characters')
    expect(w.get('[role="status"]').text()).toBe('')
  })

  it('says when nothing matches', async () => {
    answering({
      'GET /api/room/conversations?search=zz': () => json([]),
      'GET /api/chat/search?q=zz&limit=20': () => json([]),
    })
    const w = await typed('zz')
    expect(w.get('[role="status"]').text()).toBe('No results')
    expect(options(w)).toHaveLength(0)
    expect(w.get('input').attributes('aria-expanded')).toBe('false')
  })

  it('waits for 2 characters', async () => {
    const w = await typed(' r ')
    expect(searches()).toEqual([])
    expect(w.get('.search-hint').text()).toBe('Type at least 2 characters.')
  })

  it('names a message conversation it does not know as "a conversation"', async () => {
    answering({ 'GET /api/chat/search?q=ro&limit=20': () => json([message(9, 'c-old', 'Ann', 'rooftop')]) })
    const w = await typed('ro')
    expect(w.get('.search-where').text()).toBe('in a conversation')
  })
})
