import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { route } from '../../router'
import { session } from '../../session'
import ConversationList from './ConversationList.vue'
import { fakeFetch, json, type Sent } from './fakeFetch'

function conversation(id: string, name: string, extra: Record<string, unknown> = {}) {
  return { id, name, description: null, type: 'group', allowGuests: false, hasPassword: false, link: null, readOnly: false,
    lobby: { enabled: false, openAt: null, active: false }, whoMayStartCall: 'everyone', role: 'member', permissions: [],
    unread: 0, joinable: false, call: { running: false, startedAt: null }, lastActivity: new Date().toISOString(), ...extra }
}

const mine = [
  conversation('c1', 'Design review', { unread: 3, lastMessage: { author: 'Bob Dupont', text: 'Ready <b>now</b>?', system: null } }),
  conversation('c2', 'Ops', { call: { running: true, startedAt: new Date().toISOString() },
    lastMessage: { author: 'Alice', text: null, system: 'message_deleted' } }),
  conversation('c3', 'Lunch crew'),
]
const deskBooking = conversation('p1', 'Desk booking', { type: 'public', role: null, joinable: true, link: 'LINKdesk', allowGuests: true })

let wrapper: VueWrapper
let sent: Sent[]

async function open(): Promise<VueWrapper> {
  wrapper = mount(ConversationList, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

const names = (w: VueWrapper, group = 0) =>
  w.findAll('ul.conversation-items')[group]?.findAll('.conversation-name').map((n) => n.text()) ?? []

beforeEach(() => {
  session.me = { id: 'me-id', displayName: 'Me', guest: false, conversation: null }
  route.current = { name: 'conversation', id: 'c2' }
  location.hash = ''
  sent = fakeFetch({
    'GET /api/room/conversations': () => json(mine),
    'GET /api/room/conversations?search=de': () => json([mine[0], deskBooking]),
    'POST /api/room/public/LINKdesk/join': () => json({ kind: 'user', conversation: 'p1', participantId: 'me-id',
      displayName: 'Me', token: null, expiresIn: null }),
    'GET /api/auth/users': () => json({ users: [], page: 0, size: 20, more: false }),
  })
})

afterEach(() => {
  wrapper?.unmount()
  session.me = null
  route.current = { name: 'home' }
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('ConversationList', () => {
  it('shows my conversations with their unread count, running call and the current one marked', async () => {
    const w = await open()
    expect(names(w)).toEqual(['Design review', 'Ops', 'Lunch crew'])
    const items = w.findAll('.conversation-item')
    expect(items[0].get('.unread-badge').text()).toContain('3 unread messages')
    expect(items[0].find('.call-running').exists()).toBe(false)
    expect(items[1].get('.call-running').text()).toBe('Call in progress')
    expect(items[1].attributes('aria-current')).toBe('page')
    expect(items[0].attributes('aria-current')).toBeUndefined()
  })

  it('opens a conversation when clicked', async () => {
    const w = await open()
    await w.findAll('.conversation-item')[2].trigger('click')
    expect(location.hash).toBe('#/c/c3')
  })

  it('filters by the search text at once, before room-service answers', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    const w = await open()
    await w.get('input[type="search"]').setValue('lUN')
    expect(names(w)).toEqual(['Lunch crew'])
    expect(sent.some((s) => s.url.includes('search='))).toBe(false)

    await w.get('input[type="search"]').setValue('zzz')
    expect(names(w)).toEqual([])
    expect(w.text()).toContain('No conversation matches.')
  })

  it('joins an open conversation found by the search, then opens it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    const w = await open()
    await w.get('input[type="search"]').setValue('de')
    vi.advanceTimersByTime(250)
    await flushPromises()
    expect(w.get('h3').text()).toBe('Open conversations')
    expect(names(w, 0)).toEqual(['Design review'])
    expect(names(w, 1)).toEqual(['Desk booking'])

    await w.get('button[aria-label="Join Desk booking"]').trigger('click')
    await flushPromises()
    const join = sent.find((s) => s.method === 'POST')!
    expect(join.url).toBe('/api/room/public/LINKdesk/join')
    expect(join.body).toEqual({})
    expect(location.hash).toBe('#/c/p1')
  })

  it('fetches the list again every 30 s and when the window gets the focus', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    await open()
    const lists = () => sent.filter((s) => s.url === '/api/room/conversations').length
    expect(lists()).toBe(1)
    vi.advanceTimersByTime(29_999)
    expect(lists()).toBe(1)
    vi.advanceTimersByTime(1)
    expect(lists()).toBe(2)
    window.dispatchEvent(new Event('focus'))
    expect(lists()).toBe(3)
  })

  it('opens the create dialog from the + button', async () => {
    const w = await open()
    const add = w.get('button.add-conversation')
    expect(add.attributes('aria-label')).toBe('Create conversation')
    expect(w.find('[role="dialog"]').exists()).toBe(false)
    await add.trigger('click')
    expect(w.get('[role="dialog"]').text()).toContain('New conversation')
  })

  it('previews each conversation\'s last message, as text', async () => {
    const w = await open()
    const previews = w.findAll('.conversation-item').map((i) => i.find('.conversation-preview'))
    expect(previews[0].text()).toBe('Bob Dupont: Ready <b>now</b>?')
    expect(previews[0].find('b').exists()).toBe(false)
    expect(previews[1].text()).toBe('Message deleted')
    expect(previews[2].exists()).toBe(false)
  })
})
