// Settling invoices, as plain functions: a payment that names an invoice settles it first; what
// is left (or a payment naming none) settles the dealer's oldest open invoices (by due date, then
// issue date, then id); what no invoice takes stays as credit, which later invoices consume.

export interface OpenInvoice {
  invoiceId: string
  dueOn: string
  issuedOn: string
  /** Still owed, minor units. */
  open: number
}

export interface Allocation {
  paymentId: string
  invoiceId: string
  amount: number
}

const oldestFirst = (a: OpenInvoice, b: OpenInvoice) =>
  a.dueOn !== b.dueOn ? (a.dueOn < b.dueOn ? -1 : 1) : a.issuedOn !== b.issuedOn ? (a.issuedOn < b.issuedOn ? -1 : 1) : a.invoiceId < b.invoiceId ? -1 : 1

/**
 * Settles invoices with money, in order, mutating the invoices' open amounts.
 * Returns the allocations and the amount left over.
 */
export function settle(paymentId: string, amount: number, invoices: OpenInvoice[], named?: string): { allocations: Allocation[]; left: number } {
  const order = [...invoices].sort(oldestFirst)
  const namedFirst = named ? [...order.filter((i) => i.invoiceId === named), ...order.filter((i) => i.invoiceId !== named)] : order
  const allocations: Allocation[] = []
  let left = amount
  for (const invoice of namedFirst) {
    if (left === 0) break
    if (invoice.open <= 0) continue
    const take = Math.min(left, invoice.open)
    invoice.open -= take
    left -= take
    allocations.push({ paymentId, invoiceId: invoice.invoiceId, amount: take })
  }
  return { allocations, left }
}
