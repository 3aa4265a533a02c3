import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../session'
import TopBar from './TopBar.vue'
import { fakeFetch, json, type Sent } from './conversations/fakeFetch'

let bar: VueWrapper
let sent: Sent[]

function mountBar(): VueWrapper {
  bar = mount(TopBar, { attachTo: document.body })
  return bar
}

const field = () => document.querySelector<HTMLInputElement>('input[aria-label="Search Salon"]')

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })
  target.dispatchEvent(event)
  return event
}

beforeEach(() => {
  sent = fakeFetch({ 'GET /api/room/conversations?size=200': () => json([]) })
})

afterEach(() => {
  bar?.unmount()
  session.me = null
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

describe('TopBar', () => {
  it('opens the conversations from the magnifier icon', async () => {
    mountBar()
    const button = bar.get('.open-salon')
    expect(button.attributes('aria-label')).toBe('Open conversations')
    await button.trigger('click')
    expect(bar.emitted('open-conversations')).toHaveLength(1)
  })

  it('opens the focused global search from the magnifier, still opening the conversations', async () => {
    session.me = { id: 'me-id', displayName: 'Me', guest: false, conversation: null }
    mountBar()
    const button = bar.get('.open-salon')
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(field()).toBeNull()

    await button.trigger('click')
    expect(bar.emitted('open-conversations')).toHaveLength(1)
    expect(field()).not.toBeNull()
    expect(document.activeElement).toBe(field())
    expect(button.attributes('aria-expanded')).toBe('true')
    expect(document.getElementById(button.attributes('aria-controls')!)?.contains(field())).toBe(true)

    await button.trigger('click')
    expect(bar.emitted('open-conversations')).toHaveLength(2)
    expect(field()).toBeNull()
  })

  it('keeps the magnifier to the conversation alone for guests', async () => {
    session.me = { id: 'guest-id', displayName: 'Guest', guest: true, conversation: 'c1' }
    mountBar()
    await bar.get('.open-salon').trigger('click')
    press('k', { ctrlKey: true })
    await flushPromises()
    expect(bar.emitted('open-conversations')).toHaveLength(1)
    expect(field()).toBeNull()
    expect(bar.get('.open-salon').attributes('aria-expanded')).toBeUndefined()
    expect(sent).toEqual([])
  })

  it('opens the search with Ctrl+K, and with / unless one is typing in a field', async () => {
    session.me = { id: 'me-id', displayName: 'Me', guest: false, conversation: null }
    mountBar()
    const elsewhere = document.body.appendChild(document.createElement('textarea'))

    expect(press('/', {}, elsewhere).defaultPrevented).toBe(false)
    await flushPromises()
    expect(field()).toBeNull()

    expect(press('k', { ctrlKey: true }, elsewhere).defaultPrevented).toBe(true)
    await flushPromises()
    expect(document.activeElement).toBe(field())
    expect(bar.emitted('open-conversations')).toBeUndefined()

    press('Escape', {}, field()!)
    await flushPromises()
    expect(field()).toBeNull()
    press('/')
    await flushPromises()
    expect(document.activeElement).toBe(field())
  })

  it('closes on Escape, giving the focus back to the magnifier, and on a click outside', async () => {
    session.me = { id: 'me-id', displayName: 'Me', guest: false, conversation: null }
    mountBar()
    await bar.get('.open-salon').trigger('click')
    await bar.get('input[type="search"]').trigger('keydown', { key: 'Escape' })
    expect(field()).toBeNull()
    expect(document.activeElement).toBe(bar.get('.open-salon').element)

    await bar.get('.open-salon').trigger('click')
    document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }))
    await flushPromises()
    expect(field()).toBeNull()
  })
})
