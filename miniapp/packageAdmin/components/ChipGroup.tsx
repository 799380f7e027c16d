import { Text, View } from '@tarojs/components'
import { a11y } from '../../utils/a11y'
import { ChipSelect, FieldError as KitFieldError } from '../../components/form'

export interface ChipGroupProps<T extends string> {
  options: readonly T[]
  labels: Record<T, string> | ((value: T) => string)
  value: T | '' | null
  onChange: (value: T) => void
  /** each chip gets `<prefix>-<value>` (stable for tests and e2e) */
  prefix: string
  half?: boolean
}

/** One choice among a few, as big chips (a picker wheel is slow for older staff and on a desk): the form kit's. */
export function ChipGroup<T extends string>({ options, labels, value, onChange, prefix, half }: ChipGroupProps<T>) {
  return <ChipSelect options={options} labels={labels} value={value} onChange={onChange} prefix={prefix} layout={half ? 'half' : 'third'} />
}

export function FieldError({ field, message }: { field: string; message?: string }) {
  return <KitFieldError name={field} message={message} />
}

/** A yes/no setting as a large switch; the whole row is the tap target. */
export function Toggle({ className, label, on, onChange }: { className: string; label: string; on: boolean; onChange: (on: boolean) => void }) {
  return (
    <View className={`admin-toggle ${className}${on ? ' is-on' : ''}`} {...a11y('switch', label, { checked: on })} onClick={() => onChange(!on)}>
      <Text>{label}</Text>
      <View className={`admin-switch${on ? ' is-on' : ''}`} />
    </View>
  )
}
