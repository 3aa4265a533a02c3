import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../../session'
import { fakeFetch, json, problem, type Answer, type Sent } from '../conversations/fakeFetch'
import GuestJoin from './GuestJoin.vue'

const LINK = 'Ab3dEf6hJk8mNp9q'
const JOIN = `POST /api/room/public/${LINK}/join`

function page(join: Answer, passwordRequired = true): Sent[] {
  return fakeFetch({
    [`GET /api/room/public/${LINK}`]: () => json({ name: 'Board meeting', passwordRequired }),
    [JOIN]: join,
  })
}

let wrapper: VueWrapper | undefined

async function open(): Promise<VueWrapper> {
  wrapper = mount(GuestJoin, { props: { link: LINK } })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  location.hash = ''
})

afterEach(() => {
  wrapper?.unmount()
  session.me = null
  session.token = null
  sessionStorage.clear()
  vi.unstubAllGlobals()
})

describe('GuestJoin', () => {
  it('lets a guest in with a name and the password, keeping their token for this conversation', async () => {
    const sent = page(() => json({ kind: 'guest', conversation: 'conv-1', participantId: 'guest-7', displayName: 'Zoé',
      token: 'guest-token', expiresIn: 3600 }))
    const w = await open()
    expect(w.get('h1').text()).toBe('Join “Board meeting”')
    await w.get('input[name="displayName"]').setValue('  Zoé ')
    await w.get('input[name="password"]').setValue('open sesame')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ displayName: 'Zoé', password: 'open sesame' })
    expect(session.me).toEqual({ id: 'guest-7', displayName: 'Zoé', guest: true, conversation: 'conv-1' })
    expect(session.token).toBe('guest-token')
  })

  it('asks no password when the link has none', async () => {
    const sent = page(() => json({ kind: 'guest', conversation: 'conv-1', participantId: 'g', displayName: 'Zoé', token: 't', expiresIn: 60 }), false)
    const w = await open()
    expect(w.find('input[name="password"]').exists()).toBe(false)
    await w.get('input[name="displayName"]').setValue('Zoé')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ displayName: 'Zoé' })
  })

  it('says "Wrong password" when room-service answers 403', async () => {
    page(() => problem(403, 'Wrong password'))
    const w = await open()
    await w.get('input[name="displayName"]').setValue('Zoé')
    await w.get('input[name="password"]').setValue('guess')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe('Wrong password')
    expect(session.me).toBeNull()
    expect(w.get('button[type="submit"]').attributes('disabled')).toBeUndefined()
  })

  it('tells how long to wait when throttled (429 with Retry-After), and blocks the button meanwhile', async () => {
    page(() => problem(429, 'Too many wrong passwords', { 'Retry-After': '30' }))
    const w = await open()
    await w.get('input[name="displayName"]').setValue('Zoé')
    await w.get('input[name="password"]').setValue('guess')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[role="alert"]').text()).toBe('Too many attempts: wait 30 s')
    expect(w.get('button[type="submit"]').attributes('disabled')).toBeDefined()
  })

  it('says the link is not valid when room-service does not know it (404)', async () => {
    fakeFetch({ [`GET /api/room/public/${LINK}`]: () => problem(404, 'No conversation behind this link') })
    const w = await open()
    expect(w.get('[role="alert"]').text()).toContain('This link is not valid')
    expect(w.find('form').exists()).toBe(false)
  })

  it('offers a logged-in user to join as themselves, with their token, and opens the conversation', async () => {
    session.me = { id: 'alice-id', displayName: 'Alice Martin', guest: false, conversation: null }
    session.token = 'alice-token'
    const sent = page(() => json({ kind: 'user', conversation: 'conv-1', participantId: 'alice-id', displayName: 'Alice Martin',
      token: null, expiresIn: null }), false)
    const w = await open()
    expect(w.find('input[name="displayName"]').exists()).toBe(false)
    const button = w.get('button[type="submit"]')
    expect(button.text()).toBe('Join as Alice Martin')
    await w.get('form').trigger('submit')
    await flushPromises()
    const post = sent.find((s) => s.method === 'POST')!
    expect(post.headers.Authorization).toBe('Bearer alice-token')
    expect(post.body).toEqual({})
    expect(location.hash).toBe('#/c/conv-1')
    expect(session.me?.guest).toBe(false)
  })
})
