import { Text } from '@tarojs/components'
import { useRef, useState } from 'react'
import { errorMessage, isApiError } from '../../services/errors'

/**
 * One write with its busy state and its errors: the server's (or the contract's) message goes next to the
 * field it names when the form has that field, else under the form. Inputs are left as they were on failure.
 * A ref guards re-entry because a disabled Taro Button still dispatches clicks on H5.
 */
export function useSubmit<F extends string>(fields: readonly F[], formClass: string) {
  const [errors, setErrors] = useState<Partial<Record<F | 'form', string>>>({})
  const [busy, setBusy] = useState(false)
  const inFlight = useRef(false)

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    if (inFlight.current) return undefined
    inFlight.current = true
    setBusy(true)
    setErrors({})
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

  const clear = (f: F) => setErrors((prev) => (prev[f] || prev.form ? { ...prev, [f]: undefined, form: undefined } : prev))

  const fieldError = (f: F) => (errors[f] ? <Text className={`field-error field-error-${f}`}>{errors[f]}</Text> : null)
  const formError = () => (errors.form ? <Text className={`form-error ${formClass}`}>{errors.form}</Text> : null)

  return { errors, setErrors, busy, run, clear, fieldError, formError }
}
