/** Runs `fn` once calls pause for `ms` (typing in a search field); `cancel` drops the pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  const call = (...args: A): void => {
    clearTimeout(timer)
    timer = setTimeout(() => fn(...args), ms)
  }
  return Object.assign(call, { cancel: () => clearTimeout(timer) })
}
