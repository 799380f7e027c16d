import type { AppRole, Person } from '../../core/contracts'
import { api } from './client'

// The person picker's search (issue 11): nobody types or sees a raw id; people are found by name or phone fragment.

export interface SearchPeopleParams {
  communityId: string
  /** a fragment of the name, or (staff and grid workers) of the phone number; empty lists the first people */
  q?: string
  role?: AppRole
}

/** At most 20 people of the community; `phoneMasked` is null when a resident searches for a neighbour. */
export async function searchPeople({ communityId, q, role }: SearchPeopleParams): Promise<Person[]> {
  const res = await api.admin.listPeople({ query: { communityId, q: q?.trim() || undefined, role } })
  return res.items
}
