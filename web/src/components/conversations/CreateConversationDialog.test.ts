import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../../session'
import CreateConversationDialog from './CreateConversationDialog.vue'
import { fakeFetch, json, problem, type Sent } from './fakeFetch'

const user = (id: string, displayName: string) => ({
  id, login: id.replace('-id', ''), displayName, email: null, enabled: true, roles: ['user'],
  avatar: { initials: displayName[0], colour: '#0082c9', url: null },
})
const firstPage = { users: [user('alice-id', 'Alice Martin'), user('bob-id', 'Bob Durand'), user('carol-id', 'Carol Petit')], page: 0, size: 20, more: false }
const created = { id: 'new-id', name: 'Team', type: 'public' }

let wrapper: VueWrapper
let sent: Sent[]

function open(): VueWrapper {
  wrapper = mount(CreateConversationDialog, { attachTo: document.body })
  return wrapper
}

function results(w: VueWrapper): string[] {
  return w.findAll('.user-result .user-name').map((n) => n.text())
}

beforeEach(() => {
  session.me = { id: 'alice-id', displayName: 'Alice Martin', guest: false, conversation: null }
  location.hash = ''
  sent = fakeFetch({
    'GET /api/auth/users': () => json(firstPage),
    'GET /api/auth/users?search=dav': () => json({ users: [user('dave-id', 'Dave Leroy')], page: 0, size: 20, more: false }),
    'POST /api/room/conversations': () => json(created, 201),
  })
})

afterEach(() => {
  wrapper?.unmount()
  session.me = null
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('CreateConversationDialog', () => {
  it('is a labelled modal dialog with the focus on the name, closed by Escape', async () => {
    const w = open()
    await flushPromises()
    const dialog = w.get('[role="dialog"]')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)?.textContent).toBe('New conversation')
    expect(document.activeElement).toBe(w.get('input[name="name"]').element)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    expect(w.emitted('close')).toHaveLength(1)
  })

  it('shows the password field only while Allow guests is ticked', async () => {
    const w = open()
    await flushPromises()
    const allow = w.findAll('label.check').find((l) => l.text() === 'Allow guests')!.get('input')
    expect(w.find('input[name="password"]').exists()).toBe(false)
    await allow.setValue(true)
    expect(w.find('input[name="password"]').exists()).toBe(true)
    await allow.setValue(false)
    expect(w.find('input[name="password"]').exists()).toBe(false)
  })

  it('lists the directory without me, and searches only once typing has paused for 250 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const w = open()
    await flushPromises()
    expect(sent.map((s) => s.url)).toEqual(['/api/auth/users'])
    expect(results(w)).toEqual(['Bob Durand', 'Carol Petit'])

    const search = w.get('.user-picker input[type="search"]')
    for (const text of ['d', 'da', 'dav']) {
      await search.setValue(text)
      vi.advanceTimersByTime(100)
    }
    vi.advanceTimersByTime(149)
    expect(sent.filter((s) => s.url.includes('search='))).toHaveLength(0)
    vi.advanceTimersByTime(1)
    await flushPromises()
    expect(sent.filter((s) => s.url.includes('search=')).map((s) => s.url)).toEqual(['/api/auth/users?search=dav'])
    expect(results(w)).toEqual(['Dave Leroy'])
  })

  it('posts the name, public type, password and picked people (chips removable), then opens the conversation', async () => {
    const w = open()
    await flushPromises()
    await w.get('input[name="name"]').setValue('  Team ')
    await w.get('button[aria-label="Add Bob Durand"]').trigger('click')
    await w.get('button[aria-label="Add Carol Petit"]').trigger('click')
    expect(w.findAll('.chip > span:not(.avatar)').map((c) => c.text())).toEqual(['Bob Durand', 'Carol Petit'])
    // a picked person leaves the list
    expect(results(w)).toEqual([])
    await w.get('button[aria-label="Remove Carol Petit"]').trigger('click')
    await w.get('input[name="allowGuests"]').setValue(true)
    await w.get('input[name="password"]').setValue('s3cret')
    await w.get('form').trigger('submit')
    await flushPromises()

    const post = sent.filter((s) => s.method === 'POST')
    expect(post).toHaveLength(1)
    expect(post[0].url).toBe('/api/room/conversations')
    expect(post[0].body).toEqual({ name: 'Team', type: 'public', password: 's3cret', participants: ['bob-id'] })
    expect(w.emitted('created')?.[0]).toEqual([created])
    expect(location.hash).toBe('#/c/new-id')
  })

  it('creates a group without the password once guests are unticked again', async () => {
    const w = open()
    await flushPromises()
    await w.get('input[name="name"]').setValue('Ops')
    await w.get('input[name="allowGuests"]').setValue(true)
    await w.get('input[name="password"]').setValue('forgotten')
    await w.get('input[name="allowGuests"]').setValue(false)
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ name: 'Ops', type: 'group', participants: [] })
  })

  it("shows the problem's detail when room-service refuses", async () => {
    sent = fakeFetch({
      'GET /api/auth/users': () => json(firstPage),
      'POST /api/room/conversations': () => problem(400, 'A name is 1 to 255 characters'),
    })
    const w = open()
    await flushPromises()
    await w.get('input[name="name"]').setValue('x')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toContain('A name is 1 to 255 characters')
    expect(w.emitted('created')).toBeUndefined()
    expect(location.hash).toBe('')
  })

  it('starts a one-to-one with the person picked in "Chat with a person"', async () => {
    const w = open()
    await flushPromises()
    const tab = w.findAll('[role="tab"]').find((t) => t.text() === 'Chat with a person')!
    await tab.trigger('click')
    expect(tab.attributes('aria-selected')).toBe('true')
    expect(w.find('input[name="name"]').exists()).toBe(false)
    await flushPromises()
    await w.get('button[aria-label="Chat with Carol Petit"]').trigger('click')
    await flushPromises()
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ type: 'one_to_one', participants: ['carol-id'] })
    expect(location.hash).toBe('#/c/new-id')
  })
})
