// The English every schema check speaks, in the same short phrases as the hand-written checks
// ("is required", "must be at most 64 characters"), so one catalog (./zh.ts) reads them all in
// Chinese. Set once for the process: zod's own defaults ("Invalid input: expected string,
// received undefined") are for programmers, not for a manager reading a cell's error.
import { z } from 'zod'

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  // zod's own names of JSON shapes, in the words a person reads ("values: must be an object").
  record: 'an object',
  tuple: 'a list',
  null: 'null',
}

type Issue = z.core.$ZodRawIssue

export function englishMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required'
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`
      if (issue.origin === 'array') return `must hold at most ${issue.maximum} items`
      return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`
      if (issue.origin === 'array') return `must hold at least ${issue.minimum} items`
      return issue.inclusive ? `must be at least ${issue.minimum}` : `must be more than ${issue.minimum}`
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`
    case 'invalid_format':
      if (issue.format === 'url') return 'is not a URL'
      if (issue.format === 'email') return 'is not an email address'
      return 'is not in the expected format'
    case 'unrecognized_keys':
      return `has unknown fields ${issue.keys.join(', ')}`
    case 'invalid_union':
      return 'is not valid'
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`
    default:
      return undefined
  }
}

z.config({ customError: englishMessage })
