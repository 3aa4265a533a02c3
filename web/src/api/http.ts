/** The services' REST APIs, all behind the gateway's one origin; errors arrive as problem+json. */

export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string, readonly retryAfter?: number) {
    super(detail || title)
  }
}

let bearer: () => string | null = () => null

/** Where requests get the current token (the session sets it once). */
export function useToken(source: () => string | null): void {
  bearer = source
}

export interface RequestOptions {
  method?: string
  body?: unknown
  /** A form body (application/x-www-form-urlencoded) instead of JSON. */
  form?: Record<string, string>
  signal?: AbortSignal
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  const token = bearer()
  if (token) headers.Authorization = `Bearer ${token}`
  let body: string | undefined
  if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(options.form).toString()
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  const response = await fetch(path, { method: options.method ?? (body ? 'POST' : 'GET'), headers, body, signal: options.signal })
  if (!response.ok) {
    let title = response.statusText
    let detail = ''
    try {
      const problem = await response.json()
      title = problem.title ?? title
      detail = problem.detail ?? problem.error_description ?? ''
    } catch {
      // not problem+json: the status says enough
    }
    const retry = response.headers.get('Retry-After')
    throw new ApiError(response.status, title, detail, retry ? Number(retry) : undefined)
  }
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}
