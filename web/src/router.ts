import { reactive } from 'vue'

/** Where the tab is: the hash names it, so a reload or a shared link lands in the same place. */
export type Route =
  | { name: 'home' }
  | { name: 'conversation'; id: string }
  | { name: 'guest'; link: string }

function parse(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  const [first, second] = path.split('/')
  if (first === 'c' && second) return { name: 'conversation', id: decodeURIComponent(second) }
  if (first === 'g' && second) return { name: 'guest', link: decodeURIComponent(second) }
  return { name: 'home' }
}

export const route = reactive({ current: parse(location.hash) as Route })

window.addEventListener('hashchange', () => {
  route.current = parse(location.hash)
})

export function go(to: Route): void {
  location.hash = to.name === 'conversation' ? `#/c/${encodeURIComponent(to.id)}`
    : to.name === 'guest' ? `#/g/${encodeURIComponent(to.link)}` : '#/'
}

/** A conversation's public link, as guests open it. */
export function publicLink(link: string): string {
  return `${location.origin}${location.pathname}#/g/${encodeURIComponent(link)}`
}
