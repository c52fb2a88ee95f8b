/**
 * RFC 4180 rows as pure functions. A cell is quoted when it holds a comma, a quote,
 * CR or LF; a quote inside a quoted cell is doubled. parseCsvLine takes one whole
 * record (which may span physical lines when a quoted cell holds a newline).
 */

const NEEDS_QUOTES = /[",\r\n]/;

export function formatCsvCell(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function formatCsvRow(cells: readonly string[]): string {
  let out = "";
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += ",";
    out += formatCsvCell(cells[i]!);
  }
  return out;
}

export class CsvSyntaxError extends Error {}

/** Splits one CSV record into cells; throws CsvSyntaxError on broken quoting. */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let cell = "";
      let start = ++i;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new CsvSyntaxError(`unclosed quote in cell ${cells.length + 1}`);
        if (line.charCodeAt(q + 1) === 34) {
          cell += line.slice(start, q + 1);
          i = start = q + 2;
          continue;
        }
        cell += line.slice(start, q);
        i = q + 1;
        break;
      }
      cells.push(cell);
      if (i === n) return cells;
      if (line.charCodeAt(i) !== 44 /* , */) {
        throw new CsvSyntaxError(`text after the closing quote of cell ${cells.length}`);
      }
      i++;
    } else {
      const comma = line.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      const cell = line.slice(i, end);
      if (cell.includes('"')) throw new CsvSyntaxError(`stray quote in unquoted cell ${cells.length + 1}`);
      cells.push(cell);
      if (comma < 0) return cells;
      i = comma + 1;
    }
  }
}

/** True when a record's quotes are balanced, i.e. it does not continue on the next physical line. */
export function isCompleteRecord(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count % 2 === 0;
}
