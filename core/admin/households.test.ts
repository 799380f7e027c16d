import { describe, expect, it } from 'vitest'
import { householdWarnings } from './households'

describe('household guideline warnings', () => {
  it('a comprehensive grid inside 300-500 has none; at the bounds none; outside one each way', () => {
    expect(householdWarnings('grid', 300)).toEqual([])
    expect(householdWarnings('grid', 500)).toEqual([])
    expect(householdWarnings('grid', 299)).toMatchObject([{ code: 'grid.households_below' }])
    expect(householdWarnings('grid', 501)).toMatchObject([{ code: 'grid.households_above' }])
    expect(householdWarnings('grid', 501)[0].message).toContain('501 户')
  })
  it('a micro-grid uses 50-80', () => {
    expect(householdWarnings('micro_grid', 50)).toEqual([])
    expect(householdWarnings('micro_grid', 80)).toEqual([])
    expect(householdWarnings('micro_grid', 49)).toMatchObject([{ code: 'micro_grid.households_below' }])
    expect(householdWarnings('micro_grid', 81)).toMatchObject([{ code: 'micro_grid.households_above' }])
  })
  it('a dedicated grid and an unknown count have no guideline', () => {
    expect(householdWarnings('grid', 0, 'dedicated')).toEqual([])
    expect(householdWarnings('grid', null)).toEqual([])
  })
})
