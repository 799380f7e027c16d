import { Input, Text, Textarea, View } from '@tarojs/components'
import type { InputProps } from '@tarojs/components/types/Input'
import type { TextareaProps } from '@tarojs/components/types/Textarea'
import type { ReactNode } from 'react'

/**
 * The error under a field. Its classes are what utils/formErrors.ts looks for: `.field-error` finds the first
 * field in error, `field-error-<name>` names it (the Input to focus, the field a test or the server names).
 */
export function FieldError({ name, message, className = '' }: { name?: string; message?: string | null; className?: string }) {
  if (!message) return null
  const cls = ['field-error', name ? `field-error-${name}` : '', className].filter(Boolean).join(' ')
  return <Text className={cls}>{message}</Text>
}

export interface FieldProps {
  /** the field's name: the error is `field-error-<name>` (revealFirstError, tests, the server's `field`) */
  name?: string
  label?: ReactNode
  /** extra class on the label (e.g. for a test) */
  labelClassName?: string
  /** a short note in the label's own line, lighter: 只有您和社区工作者能看到 */
  labelHint?: ReactNode
  /** a red * after the label */
  required?: boolean
  /** a line under the label */
  hint?: ReactNode
  hintClassName?: string
  error?: string | null
  /** `12/40` at the right of the error line */
  count?: { value: number; max: number; className?: string }
  className?: string
  children?: ReactNode
}

/**
 * One labelled field: label (with an optional hint in its line and a required mark), a hint line, the input(s)
 * given as children, then the error, or the error and a counter on one line.
 */
export function Field({ name, label, labelClassName, labelHint, required, hint, hintClassName, error, count, className, children }: FieldProps) {
  return (
    <View className={className ? `form-field ${className}` : 'form-field'}>
      {label !== undefined && label !== null && (
        <Text className={labelClassName ? `form-label ${labelClassName}` : 'form-label'}>
          {label}
          {required && <Text className='form-required'>*</Text>}
          {labelHint ? <Text className='form-label-hint'>{labelHint}</Text> : null}
        </Text>
      )}
      {hint ? <Text className={hintClassName ? `form-hint ${hintClassName}` : 'form-hint'}>{hint}</Text> : null}
      {children}
      {count ? (
        <View className='form-field-foot'>
          {error ? <FieldError name={name} message={error} /> : <Text />}
          <Text className={count.className ? `form-count ${count.className}` : 'form-count'}>
            {count.value}/{count.max}
          </Text>
        </View>
      ) : (
        <FieldError name={name} message={error} />
      )}
    </View>
  )
}

type InputRest = Omit<InputProps, 'className' | 'value' | 'onInput' | 'placeholderClass'>

export interface FormInputProps extends InputRest {
  /** the field's own classes (kept stable for tests and the e2e runs) */
  className?: string
  value: string
  onInput: (value: string) => void
  /** red border */
  invalid?: boolean
}

/** A big single-line input: `form-input`, the shared placeholder style, a red border when invalid. */
export function FormInput({ className, value, onInput, invalid, ...rest }: FormInputProps) {
  return (
    <Input
      {...rest}
      className={`form-input${className ? ` ${className}` : ''}${invalid ? ' has-error' : ''}`}
      value={value}
      placeholderClass='form-placeholder'
      onInput={(e) => onInput(e.detail.value)}
    />
  )
}

type TextareaRest = Omit<TextareaProps, 'className' | 'value' | 'onInput' | 'placeholderClass'>

export interface FormTextareaProps extends TextareaRest {
  className?: string
  value: string
  onInput: (value: string) => void
  invalid?: boolean
  /** 200 design px instead of 240; tall: 320 */
  size?: 'short' | 'tall'
}

/** A big multi-line input: `form-textarea`, the shared placeholder style, a red border when invalid. */
export function FormTextarea({ className, value, onInput, invalid, size, ...rest }: FormTextareaProps) {
  return (
    <Textarea
      {...rest}
      className={`form-textarea${size ? ` is-${size}` : ''}${className ? ` ${className}` : ''}${invalid ? ' has-error' : ''}`}
      value={value}
      placeholderClass='form-placeholder'
      onInput={(e) => onInput(e.detail.value)}
    />
  )
}
