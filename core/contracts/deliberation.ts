import { z } from 'zod'
import { ZCursorParam, ZTimestamp, ZUuid, zIsoDateTime, zQuarter } from './common'

// ---------------------------------------------------------------------------------------------
// Deliberation (议事协商, issue 7)
// ---------------------------------------------------------------------------------------------

export const MEETING_FORMS = ['street_side', 'five_party', 'online'] as const
export const ZMeetingForm = z.enum(MEETING_FORMS, { error: '请选择议事形式' })
export const MEETING_FORM_LABELS = { street_side: '流动小板凳', five_party: '五方议事', online: '线上议事' } as const
export const FIVE_PARTY_SEATS = ['residents', 'units', 'property', 'owners_committee', 'community'] as const
export const FIVE_PARTY_SEAT_LABELS = { residents: '居民代表', units: '驻区单位', property: '物业公司', owners_committee: '业委会', community: '社区' } as const
export const TOPIC_STATUS_LABELS = { collecting: '征集联名', ready: '待上会', scheduled: '已排会', decided: '已表决', closed: '已结束' } as const
export const MOTION_RESULT_LABELS = { passed: '通过', failed: '未通过', no_quorum: '未达法定人数' } as const

const ZIso = zIsoDateTime()

/** Keyset paging: an opaque cursor from the last page's `nextCursor`, and at most 50 rows a page (default 20). */
const ZPageQuery = {
  cursor: ZCursorParam.optional(),
  limit: z.coerce.number({ error: '每页条数必须是数字' }).int({ error: '每页条数必须是整数' })
    .min(1, { error: '每页至少 1 条' }).max(50, { error: '每页最多 50 条' }).default(20),
}

export const ZCreateTopicRequest = z.object({
  title: z.string({ error: '请填写议题' }).trim().min(4, { error: '议题至少 4 个字' }).max(60, { error: '议题最多 60 个字' }),
  description: z.string().trim().max(2000, { error: '说明最多 2000 个字' }).optional(),
  needId: ZUuid.optional(),
})
export const ZTopic = z.object({
  id: ZUuid,
  communityId: ZUuid,
  title: z.string(),
  description: z.string(),
  proposerName: z.string(),
  needId: ZUuid.nullable(),
  /** the 受理编号 of the need the topic came from (shown instead of its id), null when it came from no need */
  needRefNo: z.string().nullable().default(null),
  /** may the reader open that need (its owner, handlers, followers): the page links to it only then */
  needVisible: z.boolean().default(false),
  status: z.enum(['collecting', 'ready', 'scheduled', 'decided', 'closed']),
  cosigns: z.number().int(),
  threshold: z.number().int(),
  cosigned: z.boolean(),
  createdAt: ZTimestamp,
})
export type Topic = z.infer<typeof ZTopic>
export const ZTopicIdRequest = z.object({ id: ZUuid })
/** Ready topics first, then by co-signatures, then newest; one page at a time. */
export const ZListTopicsRequest = z.object({ communityId: ZUuid.optional(), ...ZPageQuery })
export const ZListTopicsResponse = z.object({ items: z.array(ZTopic), nextCursor: z.string().nullable() })

export const ZCreateMeetingRequest = z.object({
  title: z.string({ error: '请填写会议名称' }).trim().min(2, { error: '会议名称至少 2 个字' }).max(60),
  form: ZMeetingForm,
  startsAt: ZIso,
  /** when the meeting ends (check-in closes then); two hours after the start when left out */
  endsAt: ZIso.optional(),
  place: z.string({ error: '请填写地点' }).trim().min(2, { error: '请填写地点' }).max(100),
  capacity: z.number({ error: '人数上限必须是数字' }).int().min(1, { error: '至少 1 人' }).max(1000, { error: '最多 1000 人' }),
  topicIds: z.array(ZUuid).max(20).optional(),
})
/** `abstain`: an abstention (弃权) counts toward the quorum, not toward the pass threshold */
export const ZMotionOption = z.object({ id: ZUuid, label: z.string(), abstain: z.boolean() })
export const ZTally = z.object({
  options: z.array(z.object({ id: ZUuid, label: z.string(), abstain: z.boolean(), votes: z.number().int() })),
  cast: z.number().int(),
  counted: z.number().int(),
  yes: z.number().int(),
})
export const ZMotion = z.object({
  id: ZUuid,
  meetingId: ZUuid,
  title: z.string(),
  voters: z.enum(['attendees', 'residents']),
  quorum: z.number().int(),
  threshold: z.enum(['majority', 'two_thirds']),
  hideResults: z.boolean(),
  opensAt: z.string(),
  closesAt: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  result: z.enum(['passed', 'failed', 'no_quorum']).nullable(),
  options: z.array(ZMotionOption),
  myVote: ZUuid.nullable(),
  /** null while results are hidden until close */
  tally: ZTally.nullable(),
  resolutionId: ZUuid.nullable(),
})
export type Motion = z.infer<typeof ZMotion>
export const ZMeeting = z.object({
  id: ZUuid,
  communityId: ZUuid,
  title: z.string(),
  form: ZMeetingForm,
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  capacity: z.number().int(),
  registered: z.number().int(),
  waitlisted: z.number().int(),
  status: z.enum(['scheduled', 'held', 'cancelled']),
  minutes: z.string().nullable(),
  /** only for staff of the community: shown at the venue */
  checkInCode: z.string().nullable(),
  myStatus: z.enum(['registered', 'waitlisted', 'withdrawn']).nullable(),
  myWaitlistPosition: z.number().int().nullable(),
  checkedIn: z.boolean(),
  agenda: z.array(ZTopic),
  createdAt: ZTimestamp,
})
export type Meeting = z.infer<typeof ZMeeting>
export const ZMeetingDetail = ZMeeting.extend({
  comments: z.array(z.object({ id: z.number().int(), authorName: z.string(), body: z.string(), hidden: z.boolean(), at: z.string() })),
  motions: z.array(ZMotion),
})
/** Latest start first, cancelled meetings left out; one page at a time. */
export const ZListMeetingsRequest = z.object({ communityId: ZUuid.optional(), ...ZPageQuery })
export const ZListMeetingsResponse = z.object({ items: z.array(ZMeeting), nextCursor: z.string().nullable() })
export const ZMeetingIdRequest = z.object({ id: ZUuid })
export const ZRegisterMeetingRequest = z.object({ id: ZUuid, seat: z.enum(FIVE_PARTY_SEATS, { error: '席位取值不正确' }).optional() })
export const ZCheckInMeetingRequest = z.object({ id: ZUuid, code: z.string({ error: '请输入签到码' }).trim().regex(/^[0-9]{6}$/, { error: '请输入 6 位数字签到码' }) })
export const ZCommentRequest = z.object({ id: ZUuid, body: z.string({ error: '请填写内容' }).trim().min(1, { error: '请填写内容' }).max(1000, { error: '最多 1000 个字' }) })
export const ZComment = z.object({ id: z.number().int(), authorName: z.string(), body: z.string(), hidden: z.boolean(), at: z.string() })
export const ZMinutesRequest = z.object({ id: ZUuid, minutes: z.string({ error: '请填写会议纪要' }).trim().min(2).max(10000) })

const ZOptionLabel = z.string({ error: '请填写选项' }).trim().min(1, { error: '请填写选项' }).max(20, { error: '选项最多 20 个字' })
/** 同意 / 反对 / 弃权, the last flagged as the abstention */
export const DEFAULT_MOTION_OPTIONS = [{ label: '同意' }, { label: '反对' }, { label: '弃权', abstain: true }]
export const ZCreateMotionRequest = z.object({
  id: ZUuid,
  title: z.string({ error: '请填写表决事项' }).trim().min(2, { error: '表决事项至少 2 个字' }).max(100),
  /**
   * The first option passes the motion (同意). An option is its label, or `{ label, abstain }` where `abstain: true`
   * marks the abstention: it is the flag, not the label, that keeps it out of the pass threshold.
   */
  options: z
    .array(z.union([ZOptionLabel, z.object({ label: ZOptionLabel, abstain: z.boolean({ error: '弃权标记应为是或否' }).optional() })]), { error: '请填写选项' })
    .min(2, { error: '至少 2 个选项' })
    .max(10, { error: '最多 10 个选项' })
    .refine((o) => typeof o[0] === 'string' || !o[0]?.abstain, { error: '第一个选项（同意）不能是弃权' })
    .default(DEFAULT_MOTION_OPTIONS),
  voters: z.enum(['attendees', 'residents'], { error: '请选择投票范围' }),
  quorum: z.number({ error: '法定人数必须是数字' }).int().min(1, { error: '法定人数至少 1 人' }).max(100000),
  threshold: z.enum(['majority', 'two_thirds'], { error: '请选择通过标准' }),
  closesAt: ZIso.optional(),
  hideResults: z.boolean().optional(),
})
export const ZVoteRequest = z.object({ id: ZUuid, optionId: ZUuid })
export const ZMotionIdRequest = z.object({ id: ZUuid })

export const ACTION_STATUSES = ['in_progress', 'reported', 'done'] as const
export const ACTION_STATUS_LABELS = { in_progress: '进行中', reported: '待验收', done: '已验收' } as const
export const ZResolution = z.object({
  id: ZUuid,
  motionId: ZUuid,
  meetingId: ZUuid,
  communityId: ZUuid,
  title: z.string(),
  needId: ZUuid.nullable(),
  /** as on ZTopic: the need's 受理编号, and whether the reader may open the need */
  needRefNo: z.string().nullable().default(null),
  needVisible: z.boolean().default(false),
  status: z.enum(['in_progress', 'completed']),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  progress: z.number().int(),
  actions: z.array(z.object({
    id: ZUuid, title: z.string(), ownerName: z.string(), ownerId: ZUuid, dueAt: z.string(), percent: z.number().int(), overdue: z.boolean(),
    /** in_progress → reported (the owner's 100%) → done once staff accept; a returned report is in_progress with its reason */
    status: z.enum(ACTION_STATUSES),
    doneAt: z.string().nullable(),
    returnReason: z.string().nullable(),
    returnedAt: z.string().nullable(),
    progress: z.array(z.object({ note: z.string(), percent: z.number().int(), at: z.string() })),
  })),
  supervisions: z.array(z.object({ note: z.string(), authorName: z.string(), at: z.string() })),
  rating: z.number().nullable(),
  ratings: z.number().int(),
  myRating: z.number().int().nullable(),
})
export type Resolution = z.infer<typeof ZResolution>
export const ZResolutionIdRequest = z.object({ id: ZUuid })
export const ZAddActionRequest = z.object({
  id: ZUuid,
  title: z.string({ error: '请填写事项' }).trim().min(2, { error: '事项至少 2 个字' }).max(100),
  ownerId: ZUuid,
  dueAt: ZIso,
})
export const ZActionProgressRequest = z.object({
  id: ZUuid,
  note: z.string({ error: '请填写进展' }).trim().min(1, { error: '请填写进展' }).max(500),
  percent: z.number({ error: '进度必须是数字' }).int().min(0).max(100, { error: '进度在 0 到 100 之间' }),
})
export const ZSuperviseRequest = z.object({ id: ZUuid, note: z.string({ error: '请填写督查意见' }).trim().min(1, { error: '请填写督查意见' }).max(500) })
export const ZEvaluateResolutionRequest = z.object({
  id: ZUuid,
  rating: z.number({ error: '请选择 1 到 5 星' }).int({ error: '请选择 1 到 5 星' }).min(1, { error: '请选择 1 到 5 星' }).max(5, { error: '请选择 1 到 5 星' }),
  comment: z.string().trim().max(500).optional(),
})

export const ZMetricsRequest = z.object({
  streetId: ZUuid,
  quarter: zQuarter(),
})
export const ZMetricsResponse = z.object({
  streetId: ZUuid,
  quarterStart: z.string(),
  coverage: z.object({ covered: z.number().int(), communities: z.number().int(), rate: z.number(),
    list: z.array(z.object({ communityId: ZUuid, name: z.string(), covered: z.boolean() })) }),
  conversion: z.object({ completed: z.number().int(), passed: z.number().int(), rate: z.number(),
    list: z.array(z.object({ resolutionId: ZUuid, title: z.string(), status: z.string(), community: z.string() })) }),
})
