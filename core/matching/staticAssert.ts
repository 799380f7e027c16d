/**
 * Compile-time checks on numeric literal types, so a bound between two constants fails `npx tsc --noEmit` instead of
 * a run. Numbers are compared as their decimal strings (length first, then digit by digit), which needs no recursion
 * per unit and so works for any size of literal.
 */

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

/** The digits below each digit. */
interface Below {
  '0': never
  '1': '0'
  '2': '0' | '1'
  '3': '0' | '1' | '2'
  '4': '0' | '1' | '2' | '3'
  '5': '0' | '1' | '2' | '3' | '4'
  '6': '0' | '1' | '2' | '3' | '4' | '5'
  '7': '0' | '1' | '2' | '3' | '4' | '5' | '6'
  '8': '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7'
  '9': '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8'
}

type AllDigits<S extends string> = S extends '' ? true : S extends `${Digit}${infer R}` ? AllDigits<R> : false

/** One element per character: the string's length as a tuple. */
type Chars<S extends string, Acc extends unknown[] = []> = S extends `${string}${infer R}` ? Chars<R, [...Acc, unknown]> : Acc

/** Two digit strings of the same length, most significant digit first: is A ≤ B? */
type DigitsAtMost<A extends string, B extends string> = A extends `${infer a}${infer ra}`
  ? B extends `${infer b}${infer rb}`
    ? a extends b
      ? DigitsAtMost<ra, rb>
      : a extends Below[b & Digit]
        ? true
        : false
    : true
  : true

/**
 * `true` when A ≤ B for non-negative integer literals. `false` for `number` (a widened constant proves nothing),
 * negatives, fractions and exponent forms (1e21), so a check built on it fails rather than passes by accident.
 */
export type IntAtMost<A extends number, B extends number> = number extends A
  ? false
  : number extends B
    ? false
    : AllDigits<`${A}`> extends true
      ? AllDigits<`${B}`> extends true
        ? Chars<`${A}`>['length'] extends Chars<`${B}`>['length']
          ? DigitsAtMost<`${A}`, `${B}`>
          : Chars<`${B}`> extends [...Chars<`${A}`>, unknown, ...unknown[]]
            ? true
            : false
        : false
      : false

/** `Assert<X>` compiles only when X is `true`; name the alias after the rule it holds. */
export type Assert<T extends true> = T
