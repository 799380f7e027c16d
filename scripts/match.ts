/**
 * npm run -s match -- --input FILE   (FILE may be "-" for stdin)
 *
 * Reads {"needs":[{id,demand}], "resources":[{id,capacity}], "candidates":[{need,resource,score}]} and prints one
 * JSON object {"assignments":[{need,resource}], "totalScore", "optimal", "ms"}. Bad input: a message on stderr
 * naming the problem and exit code 2. Any other failure: exit code 1.
 */
import { readFileSync } from 'node:fs'
import { MatchingInputError, parseMatchingInput, solve } from '../core/matching'

const USAGE = 'usage: npm run -s match -- --input FILE   (FILE = path to JSON, or - for stdin)'

class UsageError extends Error {}

function parseArgs(argv: string[]): { input: string } {
  let input: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--input' || a === '-i') {
      input = argv[++i]
      if (input === undefined) throw new UsageError('--input needs a value')
    } else if (a.startsWith('--input=')) input = a.slice('--input='.length)
    else if (a === '--help' || a === '-h') throw new UsageError('')
    else throw new UsageError(`unknown argument "${a}"`)
  }
  if (!input) throw new UsageError('missing --input')
  return { input }
}

function main(argv: string[]): number {
  let text: string
  let source: string
  try {
    const { input } = parseArgs(argv)
    source = input === '-' ? 'stdin' : input
    text = readFileSync(input === '-' ? 0 : input, 'utf8')
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message ? `match: ${e.message}\n` : ''}${USAGE}\n`)
      return 2
    }
    const err = e as NodeJS.ErrnoException
    process.stderr.write(`match: cannot read input: ${err.message}\n`)
    return 2
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    process.stderr.write(`match: ${source} is not valid JSON: ${(e as Error).message}\n`)
    return 2
  }
  try {
    const instance = parseMatchingInput(data)
    const r = solve(instance)
    process.stdout.write(
      `${JSON.stringify({ assignments: r.assignments, totalScore: r.totalScore, optimal: r.optimal, ms: Math.round(r.ms * 10) / 10 })}\n`,
    )
    return 0
  } catch (e) {
    if (e instanceof MatchingInputError) {
      process.stderr.write(`match: invalid input in ${source}: ${e.message}\n`)
      return 2
    }
    throw e
  }
}

process.exitCode = main(process.argv.slice(2))
