import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..')
const dir = mkdtempSync(path.join(os.tmpdir(), 'match-cli-'))

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** The CLI as a child process (`node --import tsx`, what `npm run match` runs, minus npm's startup). */
function run(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/match.ts', ...args], { cwd: ROOT })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

function file(name: string, content: string): string {
  const p = path.join(dir, name)
  writeFileSync(p, content)
  return p
}

const good = {
  needs: [
    { id: 'n1', demand: 1 },
    { id: 'n2', demand: 2 },
  ],
  resources: [
    { id: 'r1', capacity: 1 },
    { id: 'r2', capacity: 3 },
  ],
  candidates: [
    { need: 'n1', resource: 'r1', score: 10 },
    { need: 'n1', resource: 'r2', score: 9 },
    { need: 'n2', resource: 'r1', score: 9 },
    { need: 'n2', resource: 'r2', score: 0 },
  ],
}

// Each case is a separate process (~0.4 s of startup), so they run concurrently; `expect` comes from the test context.
describe.concurrent('npm run match (CLI)', { timeout: 30_000 }, () => {
  it('prints the optimal assignment as one JSON object and exits 0', async ({ expect }) => {
    const r = await run(['--input', file('good.json', JSON.stringify(good))])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const out = JSON.parse(lines[0])
    // Greedy would take n1–r1 (10) and block n2–r1, ending at 10; the optimum gives r1 to n2. The score-0 pair
    // n2–r2 fits n2's demand and r2's capacity but adds nothing, so it is not assigned.
    expect(out).toEqual({
      assignments: [
        { need: 'n1', resource: 'r2' },
        { need: 'n2', resource: 'r1' },
      ],
      totalScore: 18,
      optimal: true,
      ms: expect.any(Number),
    })
  })

  it('reads stdin with --input -', async ({ expect }) => {
    const r = await run(['--input', '-'], JSON.stringify(good))
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).totalScore).toBe(18)
  })

  // One case per kind of failure; the finer validation rules are covered in-process by core/matching/schema.test.ts.
  const bad: [string, string[], string | undefined, RegExp][] = [
    ['no --input', [], undefined, /missing --input/],
    ['an unreadable file', ['--input', path.join(dir, 'does-not-exist.json')], undefined, /cannot read input: .*no such file/],
    ['bad JSON', ['--input', '-'], '{"needs": [', /not valid JSON/],
    ['a field of the wrong type', ['--input', '-'], JSON.stringify({ ...good, needs: [{ id: 'n1', demand: '2' }] }), /needs\[0\]\.demand: demand must be a number/],
    ['an unknown need', ['--input', '-'], JSON.stringify({ ...good, candidates: [{ need: 'n9', resource: 'r1', score: 1 }] }), /candidates\[0\]\.need: unknown need "n9"/],
    [
      'a duplicate pair',
      ['--input', '-'],
      JSON.stringify({ ...good, candidates: [...good.candidates, { need: 'n2', resource: 'r1', score: 3 }] }),
      /candidates\[4\]: duplicate pair need "n2" – resource "r1" \(also candidates\[2\]\)/,
    ],
    ['a score out of range', ['--input', '-'], JSON.stringify({ ...good, candidates: [{ need: 'n1', resource: 'r1', score: 10001 }] }), /candidates\[0\]\.score: score must be in 0\.\.10000/],
  ]

  it.for(bad)('rejects %s with exit code 2 and a message on stderr', async ([, args, stdin, message], { expect }) => {
    const r = await run(args, stdin)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
  })
})
