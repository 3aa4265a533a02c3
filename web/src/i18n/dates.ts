import { locale } from './index'

/** A moment as lists show it: the time today, the day this year, the full date before. */
export function shortDate(iso: string): string {
  const date = new Date(iso)
  const now = new Date()
  const options: Intl.DateTimeFormatOptions = date.toDateString() === now.toDateString()
    ? { hour: '2-digit', minute: '2-digit' }
    : date.getFullYear() === now.getFullYear() ? { day: 'numeric', month: 'short' }
      : { day: 'numeric', month: 'short', year: 'numeric' }
  return new Intl.DateTimeFormat(locale.value, options).format(date)
}
