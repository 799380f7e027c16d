/** RFC 4180 CSV with a UTF-8 BOM, so Excel on a community office PC opens Chinese text correctly. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (v: string | number | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v)
    // a leading = + - @ (or tab or CR, OWASP) would be read as a formula by spreadsheet programs; a number is ours,
    // not typed text, and stays a number (-5 beans)
    const safe = typeof v !== 'number' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return '\ufeff' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
