import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CallState, Conversation, Participant } from '../../api/types'
import { FakePeerConnection, FakeSignaling, fakeMedia, until } from '../../call/fakes'
import { session } from '../../session'
import { signaling } from '../../signaling'
import CallPanel from './CallPanel.vue'

vi.mock('../../signaling', async () => {
  const { FakeSignaling } = await import('../../call/fakes')
  const fake = new FakeSignaling()
  return { signaling: () => fake }
})

const ALL = ['start_call', 'join_call', 'publish_audio', 'publish_video', 'share_screen']

function conversation(fields: Partial<Conversation> = {}): Conversation {
  return {
    id: 'conv-1', name: 'Weekly', description: null, type: 'group', allowGuests: false, hasPassword: false, link: null, readOnly: false,
    lobby: { enabled: false, openAt: null, active: false }, whoMayStartCall: 'everyone', role: 'member', permissions: ALL, unread: 0,
    joinable: true, call: { running: false, startedAt: null }, lastActivity: '2026-12-05T00:00:00Z', ...fields,
  }
}

function person(id: string, name: string, fields: Partial<Participant> = {}): Participant {
  return { participantId: id, kind: 'user', role: 'member', name, online: true, inCall: false, audio: false, video: false, screen: false, ...fields }
}

const ME = person('me', 'Me Myself', { inCall: true, audio: true, video: true })

function panel(props: { conversation?: Conversation; participants?: Participant[]; call?: CallState | null } = {}) {
  return mount(CallPanel, { props: { conversation: conversation(), participants: [ME], call: null, ...props } })
}

/** Started the call, through to the subscription. */
async function started(participants: Participant[]) {
  const fake = signaling() as unknown as FakeSignaling
  const subscribed = fake.mediaSent('subscribe').length
  const wrapper = panel({ participants })
  await wrapper.get('.start-call').trigger('click')
  await until(() => fake.mediaSent('subscribe').length > subscribed)
  await flushPromises()
  return wrapper
}

enableAutoUnmount(afterEach)

beforeEach(() => {
  session.me = { id: 'me', displayName: 'Me Myself', guest: false, conversation: null }
  FakePeerConnection.created.length = 0
  const media = fakeMedia()
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection)
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: media.getUserMedia, getDisplayMedia: media.getDisplayMedia } })
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('CallPanel', () => {
  it('offers Start call when no call runs, Join call when one does, and nothing in a chat-only conversation', () => {
    const start = panel().get('button.start-call')
    expect(start.text()).toBe('Start call')

    expect(panel({ call: { conversation: 'conv-1', callId: 'call-1', startedBy: 'bob', startedAt: null, participants: [] } })
      .get('.start-call').text()).toBe('Join call')
    expect(panel({ conversation: conversation({ call: { running: true, startedAt: '2026-12-05T00:00:00Z' } }) })
      .get('.start-call').text()).toBe('Join call')
    expect(panel({ conversation: conversation({ permissions: ['join_call'] }) }).find('.start-call').exists()).toBe(false)
  })

  it('waits for the one other participant by name', async () => {
    const wrapper = await started([ME, person('alice', 'Alice')])
    expect(wrapper.get('.call-waiting').text()).toBe('Waiting for Alice to join the call…')
  })

  it('waits for several: two by name, more as "and N others"', async () => {
    expect((await started([ME, person('alice', 'Alice'), person('bob', 'Bob')])).get('.call-waiting').text())
      .toBe('Waiting for Alice and Bob to join the call…')
    expect((await started([ME, person('alice', 'Alice'), person('bob', 'Bob'), person('carol', 'Carol'), person('dave', 'Dave')]))
      .get('.call-waiting').text()).toBe('Waiting for Alice, Bob and 2 others to join the call…')
  })

  it('shows a tile per participant in the call, mine first, and no waiting message once someone is there', async () => {
    const wrapper = await started([ME, person('alice', 'Alice'), person('bob', 'Bob')])
    await wrapper.setProps({ participants: [ME, person('alice', 'Alice', { inCall: true, audio: false, video: true }), person('bob', 'Bob')] })

    expect(wrapper.find('.call-waiting').exists()).toBe(false)
    expect(wrapper.findAll('.call-tile .call-name').map((n) => n.text())).toEqual(['Me Myself (you)', 'Alice'])
    expect(wrapper.findAll('.call-tile')[1].find('.muted').exists()).toBe(true)
    expect(wrapper.get('.call-microphone').attributes('aria-pressed')).toBe('true')
  })

  it('exposes the PeerConnections to end-to-end tests while mounted', async () => {
    const wrapper = await started([ME, person('alice', 'Alice')])
    expect(window.salonCall?.publishers()).toEqual([FakePeerConnection.created[0]])
    expect(window.salonCall?.subscription()).toBeNull()
    wrapper.unmount()
    expect(window.salonCall).toBeUndefined()
  })
})
