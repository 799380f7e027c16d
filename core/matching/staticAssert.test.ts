import { describe, expect, expectTypeOf, it } from 'vitest'
import { INT16_MAX, type MaxScoreFitsInt16Cost } from './costScaling'
import { MAX_SCORE } from './score'
import type { Assert, IntAtMost } from './staticAssert'

// The type-level lines below are checked by `npx tsc --noEmit` (the tests folder and core are in tsconfig), which is
// where the MAX_SCORE ↔ Int16 bound is enforced; each @ts-expect-error fails tsc if its line stops being an error.

describe('IntAtMost: A ≤ B on numeric literal types', () => {
  it('compares by length, then digit by digit', () => {
    expectTypeOf<IntAtMost<10000, 32767>>().toEqualTypeOf<true>()
    expectTypeOf<IntAtMost<32767, 32767>>().toEqualTypeOf<true>()
    expectTypeOf<IntAtMost<0, 0>>().toEqualTypeOf<true>()
    expectTypeOf<IntAtMost<9, 10>>().toEqualTypeOf<true>()
    expectTypeOf<IntAtMost<32759, 32767>>().toEqualTypeOf<true>()
    expectTypeOf<IntAtMost<32768, 32767>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<32777, 32767>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<40000, 32767>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<100000, 32767>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<10, 9>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<1, 0>>().toEqualTypeOf<false>()
  })

  it('refuses what it cannot prove: a widened number, negatives, fractions', () => {
    expectTypeOf<IntAtMost<number, 32767>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<1, number>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<-1, 32767>>().toEqualTypeOf<false>()
    expectTypeOf<IntAtMost<1.5, 32767>>().toEqualTypeOf<false>()
  })

  it('Assert compiles only for true: a MAX_SCORE past the Int16 range would fail tsc', () => {
    type Fits = Assert<IntAtMost<typeof MAX_SCORE, typeof INT16_MAX>>
    expectTypeOf<Fits>().toEqualTypeOf<true>()
    expectTypeOf<MaxScoreFitsInt16Cost>().toEqualTypeOf<true>()
    // @ts-expect-error 32768 does not fit an Int16 arc
    type TooBig = Assert<IntAtMost<32768, typeof INT16_MAX>>
    // @ts-expect-error a MAX_SCORE declared as `number` proves nothing, so the check fails rather than passes
    type Widened = Assert<IntAtMost<number, typeof INT16_MAX>>
    // the runtime values agree with what the check reads: ±MAX_SCORE survives an Int16 array, INT16_MAX + 1 does not
    expect(Array.from(Int16Array.of(-MAX_SCORE, MAX_SCORE, INT16_MAX, INT16_MAX + 1))).toEqual([-MAX_SCORE, MAX_SCORE, INT16_MAX, -INT16_MAX - 1])
  })
})
