import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Conversation, Participant } from '../../api/types'
import { session } from '../../session'
import ConversationSettings from './ConversationSettings.vue'
import { fakeFetch, json, problem, type Sent } from './fakeFetch'

const base: Conversation = {
  id: 'c1', name: 'Design review', description: null, type: 'group', allowGuests: false, hasPassword: false, link: null,
  readOnly: false, lobby: { enabled: false, openAt: null, active: false }, whoMayStartCall: 'everyone', role: 'owner',
  permissions: [], unread: 0, joinable: false, call: { running: false, startedAt: null }, lastActivity: '2026-01-01T10:00:00Z',
}
const person = (participantId: string, name: string, role: string): Participant => ({
  participantId, name, role, kind: 'user', online: false, inCall: false, audio: false, video: false, screen: false,
})
const participants = [person('me-id', 'Me Myself', 'owner'), person('bob-id', 'Bob Durand', 'member')]

let wrapper: VueWrapper
let sent: Sent[]

async function open(conversation: Conversation = base): Promise<VueWrapper> {
  wrapper = mount(ConversationSettings, { props: { conversation, participants }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  session.me = { id: 'me-id', displayName: 'Me Myself', guest: false, conversation: null }
  sent = fakeFetch({
    'GET /api/auth/users': () => json({ users: [], page: 0, size: 20, more: false }),
    'PATCH /api/room/conversations/c1': (body) => json({ ...base, ...body }),
    'PUT /api/room/conversations/c1/guests': () => json({ ...base, type: 'public', allowGuests: true, link: 'LINKc1' }),
    'PATCH /api/room/conversations/c1/participants/bob-id': (body) => json([
      { participantId: 'me-id', kind: 'user', role: 'owner', displayName: 'Me Myself', online: true, inCall: false, audio: false, video: false, screen: false },
      { participantId: 'bob-id', kind: 'user', role: body.role, displayName: 'Bob Durand', online: false, inCall: false, audio: false, video: false, screen: false },
    ]),
    'DELETE /api/room/conversations/c1/participants/bob-id': () => problem(409, 'The last owner or moderator must make someone else a moderator first'),
  })
})

afterEach(() => {
  wrapper?.unmount()
  session.me = null
  vi.unstubAllGlobals()
})

describe('ConversationSettings', () => {
  it('renames the conversation and hands the answer back', async () => {
    const w = await open()
    await w.get('input[name="name"]').setValue('Design crit')
    await w.get('form').trigger('submit')
    await flushPromises()
    const patch = sent.find((s) => s.method === 'PATCH')!
    expect(patch.url).toBe('/api/room/conversations/c1')
    expect(patch.body).toEqual({ name: 'Design crit' })
    expect((w.emitted('changed')![0][0] as Conversation).name).toBe('Design crit')
  })

  it('allows guests, then shows the public link to read and copy', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const w = await open()
    expect(w.find('.public-link').exists()).toBe(false)
    await w.get('input[name="allowGuests"]').setValue(true)
    await flushPromises()
    expect(sent.find((s) => s.method === 'PUT')).toMatchObject({ url: '/api/room/conversations/c1/guests', body: { allowed: true } })
    const updated = w.emitted('changed')![0][0] as Conversation
    await w.setProps({ conversation: updated })

    const link = w.get('input.public-link').element as HTMLInputElement
    expect(link.readOnly).toBe(true)
    expect(link.value).toBe(`${location.origin}${location.pathname}#/g/LINKc1`)
    await w.findAll('button').find((b) => b.text() === 'Copy public link')!.trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith(link.value)
    expect(w.get('[role="status"]').text()).toBe('Link copied.')
  })

  it('makes a member a moderator and shows the new role', async () => {
    const w = await open()
    const bob = w.findAll('.participant-item')[1]
    expect(bob.get('.participant-role').text()).toBe('Member')
    // nobody changes their own role here
    expect(w.findAll('.participant-item')[0].find('.participant-actions').exists()).toBe(false)
    await bob.findAll('button').find((b) => b.text().startsWith('Make moderator'))!.trigger('click')
    await flushPromises()
    expect(sent.find((s) => s.method === 'PATCH')).toMatchObject({
      url: '/api/room/conversations/c1/participants/bob-id', body: { role: 'moderator' } })
    expect(w.findAll('.participant-item')[1].get('.participant-role').text()).toBe('Moderator')
  })

  it("shows the problem's detail when a change is refused", async () => {
    const w = await open()
    await w.findAll('.participant-item')[1].findAll('button').find((b) => b.text().startsWith('Remove'))!.trigger('click')
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toContain('The last owner or moderator must make someone else a moderator first')
    expect(w.findAll('.participant-item')).toHaveLength(2)
  })
})
