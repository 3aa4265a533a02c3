import { vi } from 'vitest'

/** Test helpers: a fetch stand-in answering by "METHOD url" and recording every request. */
export interface Sent {
  method: string
  url: string
  body: any
  headers: Record<string, string>
}

export type Answer = (body: any, url: string) => Response | Promise<Response>

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

export function problem(status: number, detail: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ title: 'Refused', status, detail }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } })
}

/** Routes are "GET /api/…" (the whole url, query included); anything else is answered 500 and shows in `sent`. */
export function fakeFetch(routes: Record<string, Answer>): Sent[] {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET'
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    sent.push({ method, url, body, headers: (init.headers ?? {}) as Record<string, string> })
    const answer = routes[`${method} ${url}`]
    return answer ? answer(body, url) : problem(500, `unexpected ${method} ${url}`)
  }))
  return sent
}
