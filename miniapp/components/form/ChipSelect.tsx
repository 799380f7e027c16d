import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y } from '../../utils/a11y'

/** How many chips a row: three by default; 长辈版 gives each a wider share (styles/form.scss). */
export type ChipLayout = 'third' | 'half' | 'quarter' | 'wide' | 'auto'

interface ChipSelectBase<T extends string | number> {
  options: readonly T[]
  /** the words on each chip: a record, or a function of the value */
  labels: Readonly<Record<T, ReactNode>> | ((value: T) => ReactNode)
  /** a second, lighter line under the label (今天 / 3月5日); null: none for that chip */
  sub?: (value: T) => ReactNode
  subClassName?: string
  /** each chip gets `<prefix>-<value>`: stable for tests and the e2e runs (or give chipClassName a function) */
  prefix?: string
  layout?: ChipLayout
  /** an extra class on every chip (e.g. `category-option`) */
  chipClassName?: string | ((value: T) => string)
  /** an extra class on the row of chips */
  className?: string
  /** what the group is called for a screen reader (the field's label) */
  groupLabel?: string
  /** chips that cannot be chosen now */
  disabled?: (value: T) => boolean
}

export interface SingleChipSelectProps<T extends string | number> extends ChipSelectBase<T> {
  multiple?: false
  value: T | '' | null | undefined
  onChange: (value: T) => void
  /** tapping the chosen chip again clears the choice (onChange(null)) */
  clearable?: false
}

export interface ClearableChipSelectProps<T extends string | number> extends ChipSelectBase<T> {
  multiple?: false
  value: T | '' | null | undefined
  onChange: (value: T | null) => void
  clearable: true
}

export interface MultiChipSelectProps<T extends string | number> extends ChipSelectBase<T> {
  multiple: true
  value: readonly T[]
  /** the new selection, in the order of `options` */
  onChange: (value: T[]) => void
}

export type ChipSelectProps<T extends string | number> = SingleChipSelectProps<T> | ClearableChipSelectProps<T> | MultiChipSelectProps<T>

const LAYOUT_CLASS: Record<ChipLayout, string> = { third: '', half: ' chip-half', quarter: ' chip-quarter', wide: ' chip-wide', auto: ' chip-auto' }

/**
 * One choice among a few (radios), or several (checkboxes), as big chips that never wrap their label: a picker
 * wheel is slow for older residents. Each chip says its role and aria-checked to a screen reader (utils/a11y.ts).
 */
export function ChipSelect<T extends string | number>(props: MultiChipSelectProps<T>): JSX.Element
export function ChipSelect<T extends string | number>(props: ClearableChipSelectProps<T>): JSX.Element
export function ChipSelect<T extends string | number>(props: SingleChipSelectProps<T>): JSX.Element
export function ChipSelect<T extends string | number>(props: ChipSelectProps<T>): JSX.Element {
  const { options, labels, sub, subClassName, prefix, layout = 'third', chipClassName, className, groupLabel, disabled } = props
  const label = (v: T) => (typeof labels === 'function' ? labels(v) : labels[v])
  const isChecked = (v: T) => (props.multiple ? props.value.includes(v) : props.value === v)

  function tap(v: T) {
    if (disabled?.(v)) return
    if (props.multiple) {
      const next = props.value.includes(v) ? props.value.filter((x) => x !== v) : [...props.value, v]
      props.onChange(options.filter((o) => next.includes(o)))
    } else if (props.clearable) {
      props.onChange(props.value === v ? null : v)
    } else {
      props.onChange(v)
    }
  }

  const subOf = (v: T) => {
    const text = sub?.(v)
    return text === null || text === undefined ? null : <Text className={subClassName ? `chip-sub ${subClassName}` : 'chip-sub'}>{text}</Text>
  }
  const role = props.multiple ? 'checkbox' : 'radio'
  return (
    <View className={`chip-grid${className ? ` ${className}` : ''}`} {...(props.multiple ? {} : a11y('radiogroup', groupLabel))}>
      {options.map((o) => {
        const checked = isChecked(o)
        const off = disabled?.(o) ?? false
        const extra = typeof chipClassName === 'function' ? chipClassName(o) : chipClassName
        return (
          <View
            key={String(o)}
            className={`chip${prefix ? ` ${prefix}-${o}` : ''}${extra ? ` ${extra}` : ''}${LAYOUT_CLASS[layout]}${checked ? ' is-selected' : ''}${off ? ' is-disabled' : ''}`}
            {...a11y(role, undefined, off ? { checked, disabled: true } : { checked })}
            onClick={() => tap(o)}
          >
            {sub ? (
              <>
                <Text className='chip-title'>{label(o)}</Text>
                {subOf(o)}
              </>
            ) : (
              <Text>{label(o)}</Text>
            )}
          </View>
        )
      })}
    </View>
  )
}
