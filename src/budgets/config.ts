// The departments and expense categories a company uses: configured lists, so a typo in a sheet
// is an error rather than a new department.
import type { Env } from '../env'

const list = (text: string | undefined, fallback: string[]) => {
  const items = (text ?? '').split(',').map((item) => item.trim()).filter(Boolean)
  return items.length > 0 ? items : fallback
}

export const departmentsOf = (env: Pick<Env, 'BUDGET_DEPARTMENTS'>) => list(env.BUDGET_DEPARTMENTS, ['sales', 'marketing', 'operations', 'admin'])
export const categoriesOf = (env: Pick<Env, 'EXPENSE_CATEGORIES'>) => list(env.EXPENSE_CATEGORIES, ['rent', 'travel', 'marketing', 'staff', 'office', 'logistics'])

/** Errors for a department or category outside the configured lists. */
export function unknownLineErrors(env: Pick<Env, 'BUDGET_DEPARTMENTS' | 'EXPENSE_CATEGORIES'>, line: { department: string; category: string }, path: string) {
  const departments = departmentsOf(env)
  const categories = categoriesOf(env)
  return [
    ...(departments.includes(line.department) ? [] : [{ path: `${path}department`, message: `must be one of ${departments.join(', ')}`, code: 'unknown_department' }]),
    ...(categories.includes(line.category) ? [] : [{ path: `${path}category`, message: `must be one of ${categories.join(', ')}`, code: 'unknown_category' }]),
  ]
}
