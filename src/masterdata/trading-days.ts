// The days a store trades: from `openedOn` through `closedOn`, both included, either end open when
// unknown. `closedOn` is the store's last day of business, as `openedOn` is its first: a store
// "closed on 30 September" still sold that day (the demo company's closed store has sales on its
// closing day). Planning gives a store weight in the months it trades in; the reports list it on
// the days and in the periods it trades in. Both ask here, so they cannot disagree.

export interface StoreDates {
  openedOn: string | null
  closedOn: string | null
}

/** Whether the store trades on a day (`YYYY-MM-DD`). */
export function tradesOn(store: StoreDates, day: string): boolean {
  return tradesDuring(store, day, day)
}

/** Whether the store trades on at least one day of `from`..`to` (both included). */
export function tradesDuring(store: StoreDates, from: string, to: string): boolean {
  return (store.openedOn === null || store.openedOn <= to) && (store.closedOn === null || store.closedOn >= from)
}
