import { Button, Input, Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import { APP_ROLE_LABELS, type AppRole, type Person } from '../../core/contracts'
import { errorMessage } from '../services/errors'
import { searchPeople } from '../services/people'
import { a11y } from '../utils/a11y'
import './PersonPicker.scss'

export const PERSON_SEARCH_DEBOUNCE_MS = 300
export const PERSON_EMPTY_TEXT = '没有找到，换个字试试'

export interface PersonPickerProps {
  /** the community searched; the current profile's, or the object's where the page has it */
  communityId: string
  value: Person | null
  onChange(p: Person | null): void
  /** only people holding this role (e.g. grid_worker for a handler) */
  role?: AppRole
  label: string
  placeholder?: string
  error?: string
  className?: string
  hint?: string
}

type Status = 'idle' | 'loading' | 'done' | 'error'

/** Roles worth telling apart when two neighbours share a name; 居民 is everyone's and says nothing. */
function roleText(person: Person): string {
  return person.roles
    .filter((r) => r !== 'resident')
    .map((r) => APP_ROLE_LABELS[r])
    .join(' · ')
}

function details(person: Person): string {
  return [person.phoneMasked, person.microGridName, roleText(person)].filter((s) => !!s).join(' · ')
}

/**
 * 选人: nobody types or sees a raw id. The person types part of a name (or, for staff, of a phone number), the
 * community's matches appear as big rows, and the chosen one stays as a chip with 更换.
 */
export function PersonPicker(props: PersonPickerProps) {
  const { communityId, value, onChange, role, label, placeholder = '输入姓名或手机号查找', error, className = '', hint } = props
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Person[]>([])
  const [status, setStatus] = useState<Status>('idle')
  const [failure, setFailure] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // Only the answer to the latest search may land: a slow earlier one must not overwrite it.
  const seq = useRef(0)

  function cancelPending() {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
  }

  useEffect(() => cancelPending, [])

  // Another community or role is another list: what was found before no longer applies.
  useEffect(() => {
    cancelPending()
    seq.current++
    setResults([])
    setStatus('idle')
    if (query.trim() !== '') schedule(query, 0)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [communityId, role])

  function run(text: string) {
    const current = ++seq.current
    setStatus('loading')
    setFailure('')
    searchPeople({ communityId, q: text, role }).then(
      (items) => {
        if (current !== seq.current) return
        setResults(items)
        setStatus('done')
      },
      (err: unknown) => {
        if (current !== seq.current) return
        setFailure(errorMessage(err))
        setStatus('error')
      },
    )
  }

  function schedule(text: string, delay = PERSON_SEARCH_DEBOUNCE_MS) {
    cancelPending()
    const trimmed = text.trim()
    if (trimmed === '' || !communityId) {
      seq.current++
      setResults([])
      setStatus('idle')
      return
    }
    timer.current = setTimeout(() => {
      timer.current = null
      run(trimmed)
    }, delay)
  }

  function choose(person: Person) {
    cancelPending()
    onChange(person)
  }

  const rootClass = `form-field person-picker ${className}${error ? ' has-error' : ''}`

  return (
    <View className={rootClass}>
      <Text className='form-label person-picker-label'>{label}</Text>
      {hint ? <Text className='form-hint person-picker-hint'>{hint}</Text> : null}

      {value ? (
        <View className='person-picker-chip' {...a11y('radio', `已选：${value.displayName}`, { checked: true })}>
          <View className='person-picker-chip-main'>
            <Text className='person-picker-chip-name'>{value.displayName}</Text>
            {details(value) ? <Text className='person-picker-chip-detail'>{details(value)}</Text> : null}
          </View>
          <Button className='btn btn-outline person-picker-change' aria-label={`更换${label}`} onClick={() => onChange(null)}>
            更换
          </Button>
        </View>
      ) : !communityId ? (
        <Text className='form-hint person-picker-note'>加入社区后才能查找社区里的人</Text>
      ) : (
        <View className='person-picker-box'>
          <Input
            className={`form-input person-picker-search${error ? ' has-error' : ''}`}
            value={query}
            maxlength={20}
            placeholder={placeholder}
            placeholderClass='form-placeholder'
            confirmType='search'
            onInput={(e) => {
              setQuery(e.detail.value)
              schedule(e.detail.value)
            }}
            onConfirm={() => schedule(query, 0)}
          />

          {status === 'loading' && <Text className='person-picker-state person-picker-loading'>正在查找…</Text>}
          {status === 'error' && (
            <View className='person-picker-state person-picker-error'>
              <Text className='person-picker-error-text'>{failure}</Text>
              <Button className='btn btn-outline person-picker-retry' onClick={() => run(query.trim())}>
                重试
              </Button>
            </View>
          )}
          {status === 'done' && results.length === 0 && (
            <Text className='person-picker-state person-picker-empty'>{PERSON_EMPTY_TEXT}</Text>
          )}
          {status === 'done' && results.length > 0 && (
            <View className='person-picker-results' {...a11y('radiogroup', label)}>
              {results.map((person) => (
                <View key={person.id} className='person-picker-row' {...a11y('radio', undefined, { checked: false })} onClick={() => choose(person)}>
                  <Text className='person-picker-row-name'>{person.displayName}</Text>
                  {details(person) ? <Text className='person-picker-row-detail'>{details(person)}</Text> : null}
                </View>
              ))}
            </View>
          )}
        </View>
      )}

      {error ? <Text className='field-error person-picker-field-error' {...a11y('alert')}>{error}</Text> : null}
    </View>
  )
}
