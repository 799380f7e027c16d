import { errorMessage, fieldErrors, isApiError } from '../../services/errors'

export const FIX_HINT = '请按红字提示修改后再提交'

/** Local zod issues → errors by field, with the hint under the submit button. */
export function localErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  return { ...fieldErrors(issues), form: FIX_HINT }
}

/** A refusal from the server: at its field when the form has that field, else under the submit button. */
export function serverErrors(err: unknown, fields: readonly string[]): Record<string, string> {
  const field = isApiError(err) ? err.field : undefined
  if (field && fields.includes(field)) return { [field]: errorMessage(err), form: FIX_HINT }
  return { form: errorMessage(err) }
}

/** '' → undefined (so the contract says 请填写), digits → a number, anything else → NaN (the contract says 必须是数字). */
export function numberOrUndefined(text: string): number | undefined {
  const t = text.trim()
  return t === '' ? undefined : Number(t)
}
