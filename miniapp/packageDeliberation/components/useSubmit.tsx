import { Text } from '@tarojs/components'
import { useRef, useState } from 'react'
import { errorMessage, isApiError } from '../../services/errors'
import { revealFirstError } from '../../utils/formErrors'

/**
 * One write with its busy state and its errors: the server's (or the contract's) message goes next to the field
 * it names when the form has that field, else under the form. Inputs are left as they were on failure.
 * A ref guards re-entry because a disabled Taro Button still dispatches clicks on H5.
 * Every refusal (the form's own check through setErrors, or the server's answer) brings the first field in error
 * into view and puts the cursor in it (revealFirstError).
 */
export function useSubmit<F extends string>(fields: readonly F[], formClass: string) {
  const [errors, setErrorsState] = useState<Partial<Record<F | 'form', string>>>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)

  function setErrors(next: Partial<Record<F | 'form', string>>) {
    setErrorsState(next)
    if (Object.values(next).some(Boolean)) void revealFirstError()
  }

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (inFlight.current) return undefined
    inFlight.current = true
    setBusy(true)
    setErrorsState({})
    try {
      return await fn()
    } catch (err) {
      const field = isApiError(err) ? err.field : undefined
      const key = (field && (fields as readonly string[]).includes(field) ? field : 'form') as F | 'form'
      setErrors({ [key]: errorMessage(err) } as Partial<Record<F | 'form', string>>)
      return undefined
    } finally {
      inFlight.current = false
      setBusy(false)
    }
  }

  const clear = (f: F) => setErrorsState((prev) => (prev[f] || prev.form ? { ...prev, [f]: undefined, form: undefined } : prev))

  const fieldError = (f: F) => (errors[f] ? <Text className={`field-error field-error-${f}`}>{errors[f]}</Text> : null)
  const formError = () => (errors.form ? <Text className={`form-error ${formClass}`}>{errors.form}</Text> : null)

  return { errors, setErrors, busy, run, clear, fieldError, formError }
}
