import type { HouseholdWarning } from '../contracts/admin'

/**
 * The source practice sizes a comprehensive grid at 300-500 households and a micro-grid at 50-80.
 * Outside that is allowed (a new estate, a village) but staff are told, so the split can be reconsidered.
 * A dedicated grid (专属网格: a school, a market) has no household guideline.
 */
export const GRID_HOUSEHOLDS = { min: 300, max: 500 } as const
export const MICRO_GRID_HOUSEHOLDS = { min: 50, max: 80 } as const

export function householdWarnings(level: 'grid' | 'micro_grid', households: number | null, kind: 'comprehensive' | 'dedicated' = 'comprehensive'): HouseholdWarning[] {
  if (households === null || households === undefined) return []
  if (level === 'grid' && kind === 'dedicated') return []
  const { min, max } = level === 'grid' ? GRID_HOUSEHOLDS : MICRO_GRID_HOUSEHOLDS
  const what = level === 'grid' ? '网格' : '微网格'
  if (households < min) {
    return [{ code: `${level}.households_below`, message: `${what}户数 ${households} 户，少于建议的 ${min}-${max} 户，可考虑与相邻${what}合并` }]
  }
  if (households > max) {
    return [{ code: `${level}.households_above`, message: `${what}户数 ${households} 户，多于建议的 ${min}-${max} 户，可考虑拆分` }]
  }
  return []
}
