import { describe, expect, it } from 'vitest'
import { csvCell, parseCsvRecords, toCsv } from './csv'
import { Problem } from './problem'

describe('parseCsvRecords', () => {
  it('handles a BOM, CRLF, quoted commas, doubled quotes, blank cells and trailing blank lines', () => {
    const text = '\uFEFFcode,name,note\r\nA,"Shop, Main","He said ""hi"""\r\nB,,\r\n\r\n'
    expect(parseCsvRecords(text)).toEqual({
      header: ['code', 'name', 'note'],
      records: [{ code: 'A', name: 'Shop, Main', note: 'He said "hi"' }, { code: 'B' }],
      lines: [2, 3],
    })
  })

  it('keeps line breaks inside quoted cells, and gives each record the file line it starts on', () => {
    const parsed = parseCsvRecords('code,name\nA,"two\nlines"\n\n\nB,x\r\nC,y\n')
    expect(parsed.records).toEqual([{ code: 'A', name: 'two\nlines' }, { code: 'B', name: 'x' }, { code: 'C', name: 'y' }])
    expect(parsed.lines).toEqual([2, 6, 7])
  })

  it('refuses ragged rows and a missing header with a 400 naming the line', () => {
    try {
      parseCsvRecords('a,b\n1,2\n3\n')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(Problem)
      expect((error as Problem).status).toBe(400)
      expect((error as Problem).errors).toEqual([expect.objectContaining({ row: 3 })])
    }
    expect(() => parseCsvRecords('')).toThrow(Problem)
  })
})

describe('csv output', () => {
  it('neutralises text a sheet would evaluate, and quotes when needed', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-x')).toBe("'-x")
    expect(csvCell('@cmd')).toBe("'@cmd")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "x"')).toBe('"say ""x"""')
    expect(csvCell(-12.5)).toBe('-12.5')
    expect(csvCell(null)).toBe('')
  })

  it('neutralises a formula sign behind spaces, line breaks, invisible or bidi characters, and full-width signs', () => {
    expect(csvCell(' =1+1')).toBe("' =1+1")
    expect(csvCell('\u00A0+1')).toBe("'\u00A0+1")
    expect(csvCell('\u3000=SUM(A1)')).toBe("'\u3000=SUM(A1)")
    expect(csvCell('\n=1')).toBe('"\'\n=1"')
    expect(csvCell('\u200B=HYPERLINK("x")')).toBe('"\'\u200B=HYPERLINK(""x"")"')
    expect(csvCell('\u202E@cmd')).toBe("'\u202E@cmd")
    expect(csvCell('\uFEFF-1+2')).toBe("'\uFEFF-1+2")
    for (const sign of ['＝', '＋', '－', '＠']) expect(csvCell(`${sign}1`)).toBe(`'${sign}1`)
    // Only text: numbers written as numbers stay numbers, and plain text stays as it is.
    expect(csvCell(-400)).toBe('-400')
    expect(csvCell(' 南京路店')).toBe(' 南京路店')
  })

  it('writes a header row and CRLF line ends', () => {
    expect(toCsv(['code', 'amount'], [['A', 1], ['=B', -2]])).toBe("code,amount\r\nA,1\r\n'=B,-2\r\n")
  })
})

describe('single-column CSV', () => {
  it('is read as RFC 4180 with a comma delimiter, not guessed', () => {
    expect(parseCsvRecords('sku\nA\nB\n').records).toEqual([{ sku: 'A' }, { sku: 'B' }])
  })
})
