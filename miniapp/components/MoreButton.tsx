import { Button } from '@tarojs/components'

/**
 * 加载更多 under a paged list: says 正在加载… and looks disabled while the next page loads (the loader ignores a second
 * tap, so the button stays tappable unless `disabled` asks for the attribute too). `className` names the list for tests.
 */
export function MoreButton({ className, more, onClick, disabled = false }: { className: string; more: boolean; onClick: () => void; disabled?: boolean }) {
  return (
    <Button className={`btn btn-outline list-more ${className}${more ? ' is-disabled' : ''}`} disabled={(disabled && more) || undefined} onClick={onClick}>
      {more ? '正在加载…' : '加载更多'}
    </Button>
  )
}
