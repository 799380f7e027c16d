import loadHighs from 'highs'
import type { IndexedInstance } from '../types'

type Highs = Awaited<ReturnType<typeof loadHighs>>

let loaded: Promise<Highs> | undefined
/** The wasm module is loaded once per process; loading takes ~0.1 s. */
export function getHighs(): Promise<Highs> {
  return (loaded ??= loadHighs())
}

export interface LpResult {
  objective: number
  status: string
  ms: number
}

/**
 * The b-matching LP: max Σ s_k x_k, Σ_{k∋i} x_k ≤ demand_i, Σ_{k∋j} x_k ≤ capacity_j, 0 ≤ x ≤ 1. The constraint
 * matrix is the incidence matrix of a bipartite graph, hence totally unimodular: the LP optimum equals the integer
 * optimum, so HiGHS solving the LP (no integrality) is an exact oracle. Test and benchmark use only.
 */
export function solveLp(highs: Highs, inst: IndexedInstance, options: Record<string, string | number | boolean> = {}): LpResult {
  const t0 = performance.now()
  const m = inst.pairNeed.length
  const N = inst.needCount
  const rows = N + inst.resourceCount
  const starts = new Int32Array(m + 1)
  const indices = new Int32Array(2 * m)
  const values = new Float64Array(2 * m).fill(1)
  for (let k = 0; k < m; k++) {
    starts[k + 1] = 2 * (k + 1)
    indices[2 * k] = inst.pairNeed[k]
    indices[2 * k + 1] = N + inst.pairResource[k]
  }
  const rowUpper = new Float64Array(rows)
  rowUpper.set(inst.demand, 0)
  rowUpper.set(inst.capacity, N)
  const data = {
    numCols: m,
    numRows: rows,
    sense: highs.constants.objectiveSense.maximize,
    colCost: Float64Array.from(inst.pairScore),
    colLower: new Float64Array(m),
    colUpper: new Float64Array(m).fill(1),
    rowLower: new Float64Array(rows).fill(-highs.infinity),
    rowUpper,
    matrix: { format: 'csc' as const, numRows: rows, numCols: m, starts, indices, values },
  }
  return highs.withModel(data, (model) => {
    model.options.set({ output_flag: false, ...options })
    model.run()
    const code = model.getModelStatus()
    const status = Object.entries(highs.constants.modelStatus).find(([, v]) => v === code)?.[0] ?? String(code)
    // An empty model has objective 0 whatever status HiGHS reports for it.
    const objective = m === 0 ? 0 : model.getObjectiveValue()
    return { objective, status: m === 0 ? 'optimal' : status, ms: performance.now() - t0 }
  })
}
