import { Picker, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { a11y } from '../../utils/a11y'

export interface DatePickerProps {
  mode?: 'date' | 'time'
  /** YYYY-MM-DD (date) or HH:mm (time) */
  value: string
  onChange: (value: string) => void
  /** the Picker's class (tests and the e2e runs find the picker by it) */
  className?: string
  /** what the box shows; the value itself by default */
  text?: ReactNode
  /** what a screen reader says for the box */
  ariaLabel?: string
  start?: string
  end?: string
}

/** One date or time, as the big box that opens the phone's own wheel. */
export function DatePicker({ mode = 'date', value, onChange, className, text, ariaLabel, start, end }: DatePickerProps) {
  return (
    <Picker mode={mode} value={value} start={start} end={end} className={className} onChange={(e) => onChange(String(e.detail.value))}>
      <View className='form-picker' {...(ariaLabel ? a11y('button', ariaLabel) : {})}>
        <Text>{text ?? value}</Text>
      </View>
    </Picker>
  )
}

export function TimePicker(props: Omit<DatePickerProps, 'mode'>) {
  return <DatePicker {...props} mode='time' />
}

export interface DateTimeProps {
  date: string
  time: string
  onDate: (date: string) => void
  onTime: (time: string) => void
  /** the pickers' classes, e.g. whistle-date / whistle-time */
  dateClassName?: string
  timeClassName?: string
  dateText?: ReactNode
  timeText?: ReactNode
  dateLabel?: string
  timeLabel?: string
  /** an extra class on the row */
  className?: string
}

/** A date and a time side by side, each its own wheel, as the forms have always asked for a moment. */
export function DateTime(props: DateTimeProps) {
  return (
    <View className={props.className ? `form-row ${props.className}` : 'form-row'}>
      <View className='form-col'>
        <DatePicker value={props.date} onChange={props.onDate} className={props.dateClassName} text={props.dateText} ariaLabel={props.dateLabel} />
      </View>
      <View className='form-col'>
        <TimePicker value={props.time} onChange={props.onTime} className={props.timeClassName} text={props.timeText} ariaLabel={props.timeLabel} />
      </View>
    </View>
  )
}
