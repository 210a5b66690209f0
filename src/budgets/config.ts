// The departments and expense categories a company uses: configured lists (settings in
// src/config.ts), so a typo in a sheet is an error rather than a new department.
import { settingsOf, type SettingVars } from '../config'

export const departmentsOf = (env: SettingVars) => settingsOf(env).departments
export const categoriesOf = (env: SettingVars) => settingsOf(env).expenseCategories

/** Errors for a department or category outside the configured lists. */
export function unknownLineErrors(env: SettingVars, line: { department: string; category: string }, path: string) {
  const departments = departmentsOf(env)
  const categories = categoriesOf(env)
  return [
    ...(departments.includes(line.department) ? [] : [{ path: `${path}department`, message: `must be one of ${departments.join(', ')}`, code: 'unknown_department' }]),
    ...(categories.includes(line.category) ? [] : [{ path: `${path}category`, message: `must be one of ${categories.join(', ')}`, code: 'unknown_category' }]),
  ]
}
