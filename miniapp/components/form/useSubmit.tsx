import { Text } from '@tarojs/components'
import { useRef, useState } from 'react'
import { errorMessage, isApiError } from '../../services/errors'
import { revealFirstError } from '../../utils/formErrors'

/** A form's errors: one message per field it names, `form` for the rest (shown under the form). */
export type FormErrors<F extends string> = Partial<Record<F | 'form', string>>

export interface SubmitOptions {
  /** When the server's message goes next to a field, this line goes under the form too (请按红字提示修改后再提交). */
  fieldHint?: string
  /** The server names a nested field (`slots.0.endsAt`): its first part is the form's field. */
  topField?: boolean
}

export interface RunOptions<F extends string> {
  /**
   * Stay busy (and refuse further taps) after success: the page leaves, and a second tap in the meantime
   * must not send twice. A failure still frees the form.
   */
  keepBusy?: boolean
  /**
   * Asked first, with taps already refused but the button not yet busy (a confirmation dialog): false sends nothing.
   */
  confirm?: () => Promise<boolean>
  /** Every failure goes next to this field (an editor with one error line for everything). */
  into?: F
  /** Where a failure goes, when the form knows better than "the field it names, else under the form". */
  errorsFor?: (err: unknown) => FormErrors<F> | undefined
}

/**
 * One write with its busy state and its errors: the server's (or the contract's) message goes next to the field
 * it names when the form has that field, else under the form. Inputs are left as they were on failure.
 * A ref guards re-entry because a disabled Taro Button still dispatches clicks on H5.
 * Every refusal (the form's own check through setErrors, or the server's answer) brings the first field in error
 * into view and puts the cursor in it (revealFirstError).
 */
export function useSubmit<F extends string>(fields: readonly F[], formClass: string, options: SubmitOptions = {}) {
  const [errors, setErrorsState] = useState<FormErrors<F>>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)

  function setErrors(next: FormErrors<F>) {
    setErrorsState(next)
    if (Object.values(next).some(Boolean)) void revealFirstError()
  }

  /** The default placement: the field the server names when this form has it, else under the form. */
  function errorsOf(err: unknown): FormErrors<F> {
    const named = isApiError(err) ? err.field : undefined
    const field = options.topField ? named?.split('.')[0] : named
    const key = (field && (fields as readonly string[]).includes(field) ? field : 'form') as F | 'form'
    const out = { [key]: errorMessage(err) } as FormErrors<F>
    if (key !== 'form' && options.fieldHint) out.form = options.fieldHint
    return out
  }

  async function run<T>(fn: () => Promise<T>, options: RunOptions<F> = {}): Promise<T | undefined> {
    if (inFlight.current) return undefined
    inFlight.current = true
    if (options.confirm && !(await options.confirm())) {
      inFlight.current = false
      return undefined
    }
    setBusy(true)
    setErrorsState({})
    let held = false
    try {
      const result = await fn()
      held = !!options.keepBusy
      return result
    } catch (err) {
      setErrors(options.errorsFor?.(err) ?? (options.into ? ({ [options.into]: errorMessage(err) } as FormErrors<F>) : errorsOf(err)))
      return undefined
    } finally {
      if (!held) {
        inFlight.current = false
        setBusy(false)
      }
    }
  }

  /** true while a write is out (or held after success): a second tap does nothing. */
  const pending = () => inFlight.current

  /** Typing in a field clears its error and the form's (and those of the fields given with it). */
  const clear = (...fs: F[]) =>
    setErrorsState((prev) => {
      if (!prev.form && !fs.some((f) => prev[f])) return prev
      const next: Record<string, string | undefined> = { ...prev, form: undefined }
      for (const f of fs) next[f] = undefined
      return next as FormErrors<F>
    })

  /** An input's red border and its typing, which clears its own error (and the form's): spread on FormInput/FormTextarea. */
  const bind = (f: F, set: (value: string) => void) => ({
    invalid: !!errors[f],
    onInput: (value: string) => {
      set(value)
      clear(f)
    },
  })

  const fieldError = (f: F) => (errors[f] ? <Text className={`field-error field-error-${f}`}>{errors[f]}</Text> : null)
  const formError = () => (errors.form ? <Text className={`form-error ${formClass}`}>{errors.form}</Text> : null)

  return { errors, setErrors, setErrorsQuietly: setErrorsState, busy, run, pending, clear, bind, errorsOf, fieldError, formError }
}
