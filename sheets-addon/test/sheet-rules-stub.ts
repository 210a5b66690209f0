// Dropdown rules and protections of the spreadsheet stub: a rule keeps its criteria so a test can
// read what the dropdown offers; a protection belongs to its sheet until removed.
import type { FakeRange, FakeSheet } from './spreadsheet-stub'

export class FakeDataValidation {
  constructor(
    readonly criteria: 'VALUE_IN_RANGE' | 'VALUE_IN_LIST',
    readonly values: unknown[],
    readonly allowInvalid: boolean,
    readonly helpText: string | null,
  ) {}
  getCriteriaType() {
    return this.criteria
  }
  getCriteriaValues() {
    return this.values
  }
  getAllowInvalid() {
    return this.allowInvalid
  }
  getHelpText() {
    return this.helpText
  }
  /** What the dropdown offers. */
  options(): string[] {
    if (this.criteria === 'VALUE_IN_LIST') return this.values[0] as string[]
    return (this.values[0] as FakeRange).getValues().map((row) => String(row[0])).filter((v) => v !== '')
  }
}

export class FakeDataValidationBuilder {
  private criteria: 'VALUE_IN_RANGE' | 'VALUE_IN_LIST' | null = null
  private values: unknown[] = []
  private allowInvalid = true
  private helpText: string | null = null
  requireValueInRange(range: FakeRange, showDropdown = true) {
    this.criteria = 'VALUE_IN_RANGE'
    this.values = [range, showDropdown]
    return this
  }
  requireValueInList(values: string[], showDropdown = true) {
    this.criteria = 'VALUE_IN_LIST'
    this.values = [values, showDropdown]
    return this
  }
  setAllowInvalid(allow: boolean) {
    this.allowInvalid = allow
    return this
  }
  setHelpText(text: string) {
    this.helpText = text
    return this
  }
  build() {
    if (!this.criteria) throw new Error('You must set a criteria type before building a data validation rule.')
    return new FakeDataValidation(this.criteria, this.values, this.allowInvalid, this.helpText)
  }
}

export class FakeProtection {
  private description = ''
  private warningOnly = false
  constructor(
    private readonly range: FakeRange,
    private readonly sheet: FakeSheet,
  ) {}
  setDescription(description: string) {
    this.description = description
    return this
  }
  getDescription() {
    return this.description
  }
  setWarningOnly(warningOnly: boolean) {
    this.warningOnly = warningOnly
    return this
  }
  isWarningOnly() {
    return this.warningOnly
  }
  getRange() {
    return this.range
  }
  getProtectionType() {
    return 'RANGE'
  }
  remove() {
    this.sheet.protections = this.sheet.protections.filter((p) => p !== this)
  }
}
