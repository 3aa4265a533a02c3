import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import TopBar from './TopBar.vue'

describe('TopBar', () => {
  it('opens the conversations from the magnifier icon', async () => {
    const bar = mount(TopBar)
    const button = bar.get(".open-salon")
    expect(button.attributes("aria-label")).toBe("Open conversations")
    await button.trigger('click')
    expect(bar.emitted('open-conversations')).toHaveLength(1)
  })
})
