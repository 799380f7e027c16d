import { z } from 'zod'
import { op } from './operation'
import { ZCursorParam, ZTimestamp, ZUuid, zIsoDateTime, zQuarter, ZIdParams } from './common'

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
export const ZRegisterMeetingRequest = z.object({ seat: z.enum(FIVE_PARTY_SEATS, { error: '席位取值不正确' }).optional() })
export const ZCheckInMeetingRequest = z.object({ code: z.string({ error: '请输入签到码' }).trim().regex(/^[0-9]{6}$/, { error: '请输入 6 位数字签到码' }) })
export const ZCommentRequest = z.object({ body: z.string({ error: '请填写内容' }).trim().min(1, { error: '请填写内容' }).max(1000, { error: '最多 1000 个字' }) })
export const ZComment = z.object({ id: z.number().int(), authorName: z.string(), body: z.string(), hidden: z.boolean(), at: z.string() })
export const ZMinutesRequest = z.object({ minutes: z.string({ error: '请填写会议纪要' }).trim().min(2).max(10000) })

const ZOptionLabel = z.string({ error: '请填写选项' }).trim().min(1, { error: '请填写选项' }).max(20, { error: '选项最多 20 个字' })
/** 同意 / 反对 / 弃权, the last flagged as the abstention */
export const DEFAULT_MOTION_OPTIONS = [{ label: '同意' }, { label: '反对' }, { label: '弃权', abstain: true }]
export const ZCreateMotionRequest = z.object({
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
export const ZVoteRequest = z.object({ optionId: ZUuid })

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
export const ZAddActionRequest = z.object({
  title: z.string({ error: '请填写事项' }).trim().min(2, { error: '事项至少 2 个字' }).max(100),
  ownerId: ZUuid,
  dueAt: ZIso,
})
export const ZActionProgressRequest = z.object({
  note: z.string({ error: '请填写进展' }).trim().min(1, { error: '请填写进展' }).max(500),
  percent: z.number({ error: '进度必须是数字' }).int().min(0).max(100, { error: '进度在 0 到 100 之间' }),
})
export const ZSuperviseRequest = z.object({ note: z.string({ error: '请填写督查意见' }).trim().min(1, { error: '请填写督查意见' }).max(500) })
export const ZEvaluateResolutionRequest = z.object({
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

// ---------------------------------------------------------------------------------------------
// Issue 13 (security and integrity), deliberation: an action item is completed only when staff of the
// community accept its owner's report (the owner's 100% makes it 待验收); staff may return it with a reason.
// ---------------------------------------------------------------------------------------------

export const ZReturnActionRequest = z.object({
  reason: z.string({ error: '请填写退回原因' }).trim().min(2, { error: '退回原因至少 2 个字' }).max(200, { error: '退回原因最多 200 个字' }),
})

export const deliberationOps = {
  createTopic: op({
    id: 'createTopic', method: 'POST', path: '/api/topics', auth: 'required', tags: ['deliberation'],
    summary: '提出议题（居民）；社区工作者可将“大家事”需求转为议题',
    body: ZCreateTopicRequest, responses: { 201: ZTopic },
  }),
  cosignTopic: op({
    id: 'cosignTopic', method: 'POST', path: '/api/topics/{id}/cosign', auth: 'required', tags: ['deliberation'],
    summary: '联名支持议题',
    params: ZIdParams, responses: { 200: ZTopic },
  }),
  listTopics: op({
    id: 'listTopics', method: 'GET', path: '/api/topics', auth: 'required', tags: ['deliberation'],
    summary: '议题列表',
    query: ZListTopicsRequest, responses: { 200: ZListTopicsResponse },
  }),
  createMeeting: op({
    id: 'createMeeting', method: 'POST', path: '/api/meetings', auth: 'required', tags: ['deliberation'],
    summary: '安排议事会（社区工作者；返回现场签到码）',
    body: ZCreateMeetingRequest, responses: { 201: ZMeetingDetail },
  }),
  listMeetings: op({
    id: 'listMeetings', method: 'GET', path: '/api/meetings', auth: 'required', tags: ['deliberation'],
    summary: '议事会列表',
    query: ZListMeetingsRequest, responses: { 200: ZListMeetingsResponse },
  }),
  getMeeting: op({
    id: 'getMeeting', method: 'GET', path: '/api/meetings/{id}', auth: 'required', tags: ['deliberation'],
    summary: '议事会详情（议程、讨论、表决）',
    params: ZIdParams, responses: { 200: ZMeetingDetail },
  }),
  registerMeeting: op({
    id: 'registerMeeting', method: 'POST', path: '/api/meetings/{id}/register', auth: 'required', tags: ['deliberation'],
    summary: '报名（满员进入候补）',
    params: ZIdParams, body: ZRegisterMeetingRequest, responses: { 200: ZMeeting },
  }),
  withdrawMeeting: op({
    id: 'withdrawMeeting', method: 'POST', path: '/api/meetings/{id}/withdraw', auth: 'required', tags: ['deliberation'],
    summary: '取消报名（候补第一位自动递补）',
    params: ZIdParams, responses: { 200: ZMeeting },
  }),
  checkInMeeting: op({
    id: 'checkInMeeting', method: 'POST', path: '/api/meetings/{id}/check-in', auth: 'required', tags: ['deliberation'],
    summary: '现场签到（签到码）',
    params: ZIdParams, body: ZCheckInMeetingRequest, responses: { 200: ZMeeting },
  }),
  commentMeeting: op({
    id: 'commentMeeting', method: 'POST', path: '/api/meetings/{id}/comments', auth: 'required', tags: ['deliberation'],
    summary: '会前讨论留言',
    params: ZIdParams, body: ZCommentRequest, responses: { 201: ZComment },
  }),
  minutesMeeting: op({
    id: 'minutesMeeting', method: 'POST', path: '/api/meetings/{id}/minutes', auth: 'required', tags: ['deliberation'],
    summary: '记录会议纪要（社区工作者）',
    params: ZIdParams, body: ZMinutesRequest, responses: { 200: ZMeetingDetail },
  }),
  createMotion: op({
    id: 'createMotion', method: 'POST', path: '/api/meetings/{id}/motions', auth: 'required', tags: ['deliberation'],
    summary: '发起表决（社区工作者）',
    params: ZIdParams, body: ZCreateMotionRequest, responses: { 201: ZMotion },
  }),
  voteMotion: op({
    id: 'voteMotion', method: 'POST', path: '/api/motions/{id}/vote', auth: 'required', tags: ['deliberation'],
    summary: '投票（一人一票）',
    params: ZIdParams, body: ZVoteRequest, responses: { 200: ZMotion },
  }),
  closeMotion: op({
    id: 'closeMotion', method: 'POST', path: '/api/motions/{id}/close', auth: 'required', tags: ['deliberation'],
    summary: '结束表决并计票（社区工作者；通过即形成决议）',
    params: ZIdParams, responses: { 200: ZMotion },
  }),
  getResolution: op({
    id: 'getResolution', method: 'GET', path: '/api/resolutions/{id}', auth: 'required', tags: ['deliberation'],
    summary: '决议详情：事项、进展、督查、评价',
    params: ZIdParams, responses: { 200: ZResolution },
  }),
  addAction: op({
    id: 'addAction', method: 'POST', path: '/api/resolutions/{id}/actions', auth: 'required', tags: ['deliberation'],
    summary: '添加落实事项（社区工作者）',
    params: ZIdParams, body: ZAddActionRequest, responses: { 201: ZResolution },
  }),
  actionProgress: op({
    id: 'actionProgress', method: 'POST', path: '/api/actions/{id}/progress', auth: 'required', tags: ['deliberation'],
    summary: '跟进：责任人更新进展',
    params: ZIdParams, body: ZActionProgressRequest, responses: { 201: ZResolution },
  }),
  superviseResolution: op({
    id: 'superviseResolution', method: 'POST', path: '/api/resolutions/{id}/supervise', auth: 'required', tags: ['deliberation'],
    summary: '督查意见（社区工作者或到会居民代表）',
    params: ZIdParams, body: ZSuperviseRequest, responses: { 201: ZResolution },
  }),
  evaluateResolution: op({
    id: 'evaluateResolution', method: 'POST', path: '/api/resolutions/{id}/evaluate', auth: 'required', tags: ['deliberation'],
    summary: '评价决议落实效果（本社区居民，1-5 星）',
    params: ZIdParams, body: ZEvaluateResolutionRequest, responses: { 200: ZResolution },
  }),
  deliberationMetrics: op({
    id: 'deliberationMetrics', method: 'GET', path: '/api/deliberation/metrics', auth: 'required', tags: ['deliberation'],
    summary: '覆盖率与成果转化率（社区工作者）',
    query: ZMetricsRequest, responses: { 200: ZMetricsResponse },
  }),
  acceptAction: op({
    id: 'acceptAction', method: 'POST', path: '/api/actions/{id}/accept', auth: 'required', tags: ['deliberation'],
    summary: '验收落实事项：责任人报告完成后，本社区工作者验收通过；全部事项验收后决议才算落实',
    params: ZIdParams, responses: { 200: ZResolution },
  }),
  returnAction: op({
    id: 'returnAction', method: 'POST', path: '/api/actions/{id}/return', auth: 'required', tags: ['deliberation'],
    summary: '退回落实事项：本社区工作者说明原因，事项回到进行中，责任人可见原因',
    params: ZIdParams, body: ZReturnActionRequest, responses: { 200: ZResolution },
  }),
} as const
