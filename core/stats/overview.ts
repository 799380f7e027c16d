import { NEED_CATEGORIES, NEED_CATEGORY_LABELS, NEED_STATUSES, NEED_STATUS_LABELS, NEED_TRACK_LABELS, type NeedTrack } from '../contracts/needs'
import { PROJECT_STATUSES, PROJECT_STATUS_LABELS } from '../contracts/services'
import { STATS_NO_TRACK_LABEL, type StatsCount, type StatsFigures, type StatsOverview } from '../contracts/stats'

/** What stats_overview returns: the enumerated breakdowns as `{ key: count }`, labelled here from the label maps. */
interface RawFigures {
  needs: Omit<StatsFigures['needs'], 'byStatus' | 'byCategory' | 'byTrack'> & {
    byStatus: Record<string, number>
    byCategory: Record<string, number>
    byTrack: Record<string, number>
  }
  services: Omit<StatsFigures['services'], 'byStatus'> & { byStatus: Record<string, number> }
  volunteers: StatsFigures['volunteers']
  beans: StatsFigures['beans']
  deliberation: StatsFigures['deliberation']
}
export interface RawOverview {
  scope: StatsOverview['scope']
  totals: RawFigures
  communities: { communityId: string; name: string; figures: RawFigures }[]
}

const TRACK_KEYS = [...(Object.keys(NEED_TRACK_LABELS) as NeedTrack[]), 'none'] as const
const TRACK_LABELS: Record<string, string> = { ...NEED_TRACK_LABELS, none: STATS_NO_TRACK_LABEL }

/** Every key in its list's order, zeros included, so charts of two periods or two communities line up. */
export function countsOf(counts: Record<string, number>, keys: readonly string[], labels: Record<string, string>): StatsCount[] {
  return keys.map((key) => ({ key, label: labels[key] ?? key, count: counts[key] ?? 0 }))
}

function figures(raw: RawFigures): StatsFigures {
  return {
    ...raw,
    needs: {
      ...raw.needs,
      byStatus: countsOf(raw.needs.byStatus, NEED_STATUSES, NEED_STATUS_LABELS),
      byCategory: countsOf(raw.needs.byCategory, NEED_CATEGORIES, NEED_CATEGORY_LABELS),
      byTrack: countsOf(raw.needs.byTrack, TRACK_KEYS, TRACK_LABELS),
    },
    services: { ...raw.services, byStatus: countsOf(raw.services.byStatus, PROJECT_STATUSES, PROJECT_STATUS_LABELS) },
  }
}

export function shapeOverview(raw: RawOverview, period: { from: string; to: string }): StatsOverview {
  return {
    scope: raw.scope,
    period,
    totals: figures(raw.totals),
    communities: raw.communities.map((c) => ({ communityId: c.communityId, name: c.name, figures: figures(c.figures) })),
  }
}
