import { Text, View } from '@tarojs/components'
import { a11y } from '../../utils/a11y'

export interface ChipGroupProps<T extends string> {
  options: readonly T[]
  labels: Record<T, string> | ((value: T) => string)
  value: T | '' | null
  onChange: (value: T) => void
  /** each chip gets `<prefix>-<value>` (stable for tests and e2e) */
  prefix: string
  half?: boolean
}

/** One choice among a few, as big chips (a picker wheel is slow for older staff and on a desk). */
export function ChipGroup<T extends string>({ options, labels, value, onChange, prefix, half }: ChipGroupProps<T>) {
  const label = (v: T) => (typeof labels === 'function' ? labels(v) : labels[v])
  return (
    <View className='chip-grid' {...a11y('radiogroup')}>
      {options.map((o) => (
        <View
          key={o}
          className={`chip ${prefix}-${o}${half ? ' chip-half' : ''}${value === o ? ' is-selected' : ''}`}
          {...a11y('radio', undefined, { checked: value === o })}
          onClick={() => onChange(o)}
        >
          <Text>{label(o)}</Text>
        </View>
      ))}
    </View>
  )
}

export function FieldError({ field, message }: { field: string; message?: string }) {
  return message ? <Text className={`field-error field-error-${field}`}>{message}</Text> : null
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
