import type { PartyOrg } from '../../../core/contracts'

export interface TreeNode {
  org: PartyOrg
  depth: number
}

/** Parents before children, each subtree in the server's order; an organisation whose parent is not listed is a root. */
export function flattenTree(items: readonly PartyOrg[]): TreeNode[] {
  const ids = new Set(items.map((o) => o.id))
  const children = new Map<string, PartyOrg[]>()
  const roots: PartyOrg[] = []
  for (const o of items) {
    if (o.parentId && ids.has(o.parentId)) children.set(o.parentId, [...(children.get(o.parentId) ?? []), o])
    else roots.push(o)
  }
  const out: TreeNode[] = []
  const walk = (o: PartyOrg, depth: number) => {
    out.push({ org: o, depth: Math.min(depth, 3) })
    for (const c of children.get(o.id) ?? []) walk(c, depth + 1)
  }
  roots.forEach((r) => walk(r, 0))
  return out
}
