import { z } from 'zod'
import { ZDevLoginRequest, ZLoginResponse, ZMeResponse, ZWechatLoginRequest } from './auth'
import {
  ZCreateNeedFullRequest,
  ZCronSlaRequest,
  ZCronSlaResponse,
  ZEvaluateNeedRequest,
  ZFollowNeedRequest,
  ZFollowNeedResponse,
  ZGetNeedRequest,
  ZGetSlaRulesRequest,
  ZListMyNeedsFullResponse,
  ZListMyNeedsRequest,
  ZListNeedsFullRequest,
  ZListNeedsFullResponse,
  ZNeedDetail,
  ZSetSlaRuleRequest,
  ZSimilarNeedsRequest,
  ZSimilarNeedsResponse,
  ZSlaRulesResponse,
  ZTransitionNeedRequest,
  ZTriageNeedRequest,
} from './needs'
import {
  ZAcceptProposalRequest,
  ZClaimServiceRequest,
  ZConfirmServiceRequest,
  ZCreateResourceRequest,
  ZEvaluateServiceRequest,
  ZGetServiceRequest,
  ZListClaimableRequest,
  ZListClaimableResponse,
  ZListProposalsRequest,
  ZListProposalsResponse,
  ZListResourcesRequest,
  ZListResourcesResponse,
  ZListServicesRequest,
  ZListServicesResponse,
  ZProgressServiceRequest,
  ZResource,
  ZRunMatchingRequest,
  ZRunMatchingResponse,
  ZServiceProjectDetail,
  ZTransitionServiceRequest,
} from './services'
import {
  ZCheckInRequest,
  ZCheckOutRequest,
  ZClaimSlotRequest,
  ZConfirmShiftRequest,
  ZCreatePostRequest,
  ZCreateWhistleRequest,
  ZGetPostRequest,
  ZListPostsRequest,
  ZListPostsResponse,
  ZListShiftsRequest,
  ZListShiftsResponse,
  ZListVolunteersRequest,
  ZListVolunteersResponse,
  ZListWhistlesRequest,
  ZListWhistlesResponse,
  ZParticipationRequest,
  ZParticipationResponse,
  ZPost,
  ZRecommendTalentRequest,
  ZRegisterVolunteerRequest,
  ZRegistration,
  ZReportRequest,
  ZRespondWhistleRequest,
  ZReviewVolunteerRequest,
  ZShift,
  ZShiftIdRequest,
  ZUploadPhotoRequest,
  ZUploadPhotoResponse,
  ZVolunteerMe,
  ZWhistle,
} from './volunteers'
import {
  ZAwardBeansRequest,
  ZAwardBeansResponse,
  ZBeansMeRequest,
  ZBeansMeResponse,
  ZBeansReportRequest,
  ZBeansReportResponse,
  ZCancelRedemptionRequest,
  ZCreateRewardRequest,
  ZCredit,
  ZHonourRollRequest,
  ZHonourRollResponse,
  ZListRedemptionsRequest,
  ZListRedemptionsResponse,
  ZListRewardsRequest,
  ZListRewardsResponse,
  ZRedeemRequest,
  ZRedeemResponse,
  ZRedemption,
  ZReward,
  ZVerifyRedemptionRequest,
  ZVerifyRedemptionResponse,
} from './beans'
import {
  ZActionProgressRequest,
  ZAddActionRequest,
  ZCheckInMeetingRequest,
  ZComment,
  ZCommentRequest,
  ZCreateMeetingRequest,
  ZCreateMotionRequest,
  ZCreateTopicRequest,
  ZEvaluateResolutionRequest,
  ZListMeetingsRequest,
  ZListMeetingsResponse,
  ZListTopicsRequest,
  ZListTopicsResponse,
  ZMeeting,
  ZMeetingDetail,
  ZMeetingIdRequest,
  ZMetricsRequest,
  ZMetricsResponse,
  ZMinutesRequest,
  ZMotion,
  ZMotionIdRequest,
  ZRegisterMeetingRequest,
  ZResolution,
  ZResolutionIdRequest,
  ZSuperviseRequest,
  ZTopic,
  ZTopicIdRequest,
  ZVoteRequest,
} from './deliberation'

export type { HttpMethod, Operation } from './operation'
import { op } from './operation'
import { adminOps } from './admin'
import { editingOps } from './editing'
import { meOps } from './me'
import { inboxOps } from './inbox'
import { announcementOps } from './announcements'
import { exportOps } from './exports'
import { statsOps } from './stats'
import { departmentOps } from './departments'
import { subscriptionOps } from './subscriptions'
import { securityDeliberationOps } from './securityDeliberation'
import { securityBeansOps } from './securityBeans'
import { securityVolunteersOps } from './securityVolunteers'
import { securityServicesOps } from './securityServices'
import { suspensionOps } from './suspension'

const ZEmpty = z.object({})

export const ops = {
  devLogin: op({
    id: 'devLogin', method: 'POST', path: '/api/auth/dev', auth: 'none', tags: ['auth'],
    summary: '演示账号登录（仅开发环境，AUTH_DEV_LOGIN=1）',
    request: ZDevLoginRequest, response: ZLoginResponse,
  }),
  wechatLogin: op({
    id: 'wechatLogin', method: 'POST', path: '/api/auth/wechat', auth: 'none', tags: ['auth'],
    summary: '微信登录：wx.login 的 code 换取令牌',
    request: ZWechatLoginRequest, response: ZLoginResponse,
  }),
  me: op({
    id: 'me', method: 'GET', path: '/api/me', auth: 'required', tags: ['auth'],
    summary: '当前登录人的档案',
    request: ZEmpty, response: ZMeResponse,
  }),
  createNeed: op({
    id: 'createNeed', method: 'POST', path: '/api/needs', auth: 'required', tags: ['needs'], status: 201,
    summary: '提交需求（居民本人；网格员巡查/代办；社区热线登记）',
    request: ZCreateNeedFullRequest, response: ZNeedDetail,
  }),
  listNeeds: op({
    id: 'listNeeds', method: 'GET', path: '/api/needs', auth: 'required', tags: ['needs'],
    summary: '社区需求清单（社区工作者看本社区，网格员看本网格；分页、筛选）',
    request: ZListNeedsFullRequest, response: ZListNeedsFullResponse,
  }),
  listMyNeeds: op({
    id: 'listMyNeeds', method: 'GET', path: '/api/needs/mine', auth: 'required', tags: ['needs'],
    summary: '我的需求',
    request: ZListMyNeedsRequest, response: ZListMyNeedsFullResponse,
  }),
  similarNeeds: op({
    id: 'similarNeeds', method: 'GET', path: '/api/needs/similar', auth: 'required', tags: ['needs'],
    summary: '同一微网格内标题相近、尚未办结的需求（提交前提示，可关注）',
    request: ZSimilarNeedsRequest, response: ZSimilarNeedsResponse,
  }),
  getNeed: op({
    id: 'getNeed', method: 'GET', path: '/api/needs/{id}', auth: 'required', tags: ['needs'],
    summary: '需求详情（含办理时间线、时限、是否超期）',
    request: ZGetNeedRequest, response: ZNeedDetail,
  }),
  triageNeed: op({
    id: 'triageNeed', method: 'POST', path: '/api/needs/{id}/triage', auth: 'required', tags: ['needs'],
    summary: '研判分类：三事分流、事项等级、承办人或部门，按社区时限规则设定办理期限',
    request: ZTriageNeedRequest, response: ZNeedDetail,
  }),
  transitionNeed: op({
    id: 'transitionNeed', method: 'POST', path: '/api/needs/{id}/transition', auth: 'required', tags: ['needs'],
    summary: '推进需求状态（受理、办结、上报、不予受理、居民重新办理等）',
    request: ZTransitionNeedRequest, response: ZNeedDetail,
  }),
  evaluateNeed: op({
    id: 'evaluateNeed', method: 'POST', path: '/api/needs/{id}/evaluate', auth: 'required', tags: ['needs'],
    summary: '居民评价（1-5 星）',
    request: ZEvaluateNeedRequest, response: ZNeedDetail,
  }),
  followNeed: op({
    id: 'followNeed', method: 'POST', path: '/api/needs/{id}/follow', auth: 'required', tags: ['needs'],
    summary: '关注（+1）同社区的需求',
    request: ZFollowNeedRequest, response: ZFollowNeedResponse,
  }),
  unfollowNeed: op({
    id: 'unfollowNeed', method: 'DELETE', path: '/api/needs/{id}/follow', auth: 'required', tags: ['needs'],
    summary: '取消关注',
    request: ZFollowNeedRequest, response: ZFollowNeedResponse,
  }),
  getSlaRules: op({
    id: 'getSlaRules', method: 'GET', path: '/api/communities/{communityId}/sla', auth: 'required', tags: ['admin'],
    summary: '社区办理时限规则（社区工作者可看）',
    request: ZGetSlaRulesRequest, response: ZSlaRulesResponse,
  }),
  setSlaRule: op({
    id: 'setSlaRule', method: 'PUT', path: '/api/communities/{communityId}/sla', auth: 'required', tags: ['admin'],
    summary: '修改某一等级的办理时限（本社区工作者、街道管理员；记入操作日志）',
    request: ZSetSlaRuleRequest, response: ZSlaRulesResponse,
  }),
  listResources: op({
    id: 'listResources', method: 'GET', path: '/api/resources', auth: 'required', tags: ['services'],
    summary: '资源清单（公开部分；mine=true 看自己发布的）',
    request: ZListResourcesRequest, response: ZListResourcesResponse,
  }),
  createResource: op({
    id: 'createResource', method: 'POST', path: '/api/resources', auth: 'required', tags: ['services'], status: 201,
    summary: '发布资源（驻区单位、在职党员、社区能人、社区工作者）',
    request: ZCreateResourceRequest, response: ZResource,
  }),
  runMatching: op({
    id: 'runMatching', method: 'POST', path: '/api/matching/run', auth: 'required', tags: ['services'],
    summary: '运行智能匹配：需求清单 × 资源清单 → 匹配建议（社区工作者）',
    request: ZRunMatchingRequest, response: ZRunMatchingResponse,
  }),
  listProposals: op({
    id: 'listProposals', method: 'GET', path: '/api/matching/proposals', auth: 'required', tags: ['services'],
    summary: '本社区待处理的匹配建议（社区工作者）',
    request: ZListProposalsRequest, response: ZListProposalsResponse,
  }),
  acceptProposal: op({
    id: 'acceptProposal', method: 'POST', path: '/api/matching/proposals/{id}/accept', auth: 'required', tags: ['services'], status: 201,
    summary: '采纳匹配建议，生成待确认的服务项目（社区工作者）',
    request: ZAcceptProposalRequest, response: ZServiceProjectDetail,
  }),
  listServices: op({
    id: 'listServices', method: 'GET', path: '/api/services', auth: 'required', tags: ['services'],
    summary: '服务清单（公开）',
    request: ZListServicesRequest, response: ZListServicesResponse,
  }),
  getService: op({
    id: 'getService', method: 'GET', path: '/api/services/{id}', auth: 'required', tags: ['services'],
    summary: '服务项目详情（匹配理由、进展）',
    request: ZGetServiceRequest, response: ZServiceProjectDetail,
  }),
  claimService: op({
    id: 'claimService', method: 'POST', path: '/api/services/claim', auth: 'required', tags: ['services'], status: 201,
    summary: '双向认领：单位为自己的资源认领需求，或社区为居民认领资源',
    request: ZClaimServiceRequest, response: ZServiceProjectDetail,
  }),
  listClaimable: op({
    id: 'listClaimable', method: 'GET', path: '/api/needs/claimable', auth: 'required', tags: ['services'],
    summary: '可认领的需求（在本单位资源的服务范围和类别内）',
    request: ZListClaimableRequest, response: ZListClaimableResponse,
  }),
  confirmService: op({
    id: 'confirmService', method: 'POST', path: '/api/services/{id}/confirm', auth: 'required', tags: ['services'],
    summary: '协商确认（资源方与社区双方确认后生效）',
    request: ZConfirmServiceRequest, response: ZServiceProjectDetail,
  }),
  progressService: op({
    id: 'progressService', method: 'POST', path: '/api/services/{id}/progress', auth: 'required', tags: ['services'], status: 201,
    summary: '记录服务进展',
    request: ZProgressServiceRequest, response: ZServiceProjectDetail,
  }),
  transitionService: op({
    id: 'transitionService', method: 'POST', path: '/api/services/{id}/transition', auth: 'required', tags: ['services'],
    summary: '开始、完成（含受益人数）或取消（须说明原因）服务项目',
    request: ZTransitionServiceRequest, response: ZServiceProjectDetail,
  }),
  evaluateService: op({
    id: 'evaluateService', method: 'POST', path: '/api/services/{id}/evaluate', auth: 'required', tags: ['services'],
    summary: '需求提出人评价服务（1-5 星）',
    request: ZEvaluateServiceRequest, response: ZServiceProjectDetail,
  }),
  registerVolunteer: op({
    id: 'registerVolunteer', method: 'POST', path: '/api/volunteers/register', auth: 'required', tags: ['volunteers'], status: 201,
    summary: '双报到 / 能人自荐：向居住社区报到，等待审核',
    request: ZRegisterVolunteerRequest, response: ZRegistration,
  }),
  recommendTalent: op({
    id: 'recommendTalent', method: 'POST', path: '/api/volunteers/recommend', auth: 'required', tags: ['volunteers'], status: 201,
    summary: '居民推荐能人（社区工作者推荐即组织发现）',
    request: ZRecommendTalentRequest, response: ZRegistration,
  }),
  reviewVolunteer: op({
    id: 'reviewVolunteer', method: 'POST', path: '/api/volunteers/{id}/review', auth: 'required', tags: ['volunteers'],
    summary: '审核报到（社区工作者；不通过须说明原因）',
    request: ZReviewVolunteerRequest, response: ZRegistration,
  }),
  listVolunteers: op({
    id: 'listVolunteers', method: 'GET', path: '/api/volunteers', auth: 'required', tags: ['volunteers'],
    summary: '本社区报到名单与能人库（社区工作者，可按技能搜索）',
    request: ZListVolunteersRequest, response: ZListVolunteersResponse,
  }),
  volunteerMe: op({
    id: 'volunteerMe', method: 'GET', path: '/api/volunteers/me', auth: 'required', tags: ['volunteers'],
    summary: '我的报到与本年度服务时长（对照年度目标）',
    request: z.object({}), response: ZVolunteerMe,
  }),
  volunteerReport: op({
    id: 'volunteerReport', method: 'GET', path: '/api/volunteers/report', auth: 'required', tags: ['volunteers'], produces: 'text/csv',
    summary: '按工作单位导出在职党员服务情况（CSV，反馈给所在单位）',
    request: ZReportRequest, response: z.string(),
  }),
  participation: op({
    id: 'participation', method: 'GET', path: '/api/volunteers/participation', auth: 'required', tags: ['volunteers'],
    summary: '“127”参与结构：骨干、活跃、一般居民占比（近 12 个月服务时长）',
    request: ZParticipationRequest, response: ZParticipationResponse,
  }),
  listPosts: op({
    id: 'listPosts', method: 'GET', path: '/api/posts', auth: 'required', tags: ['volunteers'],
    summary: '服务岗位（未结束的时段）',
    request: ZListPostsRequest, response: ZListPostsResponse,
  }),
  createPost: op({
    id: 'createPost', method: 'POST', path: '/api/posts', auth: 'required', tags: ['volunteers'], status: 201,
    summary: '发布服务岗位（社区工作者）',
    request: ZCreatePostRequest, response: ZPost,
  }),
  getPost: op({
    id: 'getPost', method: 'GET', path: '/api/posts/{id}', auth: 'required', tags: ['volunteers'],
    summary: '岗位详情',
    request: ZGetPostRequest, response: ZPost,
  }),
  claimSlot: op({
    id: 'claimSlot', method: 'POST', path: '/api/posts/{id}/claim', auth: 'required', tags: ['volunteers'], status: 201,
    summary: '认领岗位时段（已审核的在职党员、社区能人）',
    request: ZClaimSlotRequest, response: ZShift,
  }),
  listShifts: op({
    id: 'listShifts', method: 'GET', path: '/api/shifts', auth: 'required', tags: ['volunteers'],
    summary: '我的服务（scope=mine）或待确认的工作纪实（scope=to_confirm，社区工作者）',
    request: ZListShiftsRequest, response: ZListShiftsResponse,
  }),
  cancelShift: op({
    id: 'cancelShift', method: 'POST', path: '/api/shifts/{id}/cancel', auth: 'required', tags: ['volunteers'],
    summary: '取消认领（开始前 2 小时内取消记为迟取消）',
    request: ZShiftIdRequest, response: ZShift,
  }),
  checkIn: op({
    id: 'checkIn', method: 'POST', path: '/api/shifts/{id}/check-in', auth: 'required', tags: ['volunteers'],
    summary: '到岗签到（须在岗位范围内、时段前后 30 分钟内）',
    request: ZCheckInRequest, response: ZShift,
  }),
  checkOut: op({
    id: 'checkOut', method: 'POST', path: '/api/shifts/{id}/check-out', auth: 'required', tags: ['volunteers'],
    summary: '签退并提交工作纪实（最多 3 张照片）',
    request: ZCheckOutRequest, response: ZShift,
  }),
  confirmShift: op({
    id: 'confirmShift', method: 'POST', path: '/api/shifts/{id}/confirm', auth: 'required', tags: ['volunteers'],
    summary: '确认或退回工作纪实（社区工作者）',
    request: ZConfirmShiftRequest, response: ZShift,
  }),
  uploadPhoto: op({
    id: 'uploadPhoto', method: 'POST', path: '/api/uploads/photo', auth: 'required', tags: ['volunteers'], status: 201, bodyLimit: 3_200_000,
    summary: '上传工作纪实照片（base64，≤ 2 MB）',
    request: ZUploadPhotoRequest, response: ZUploadPhotoResponse,
  }),
  listWhistles: op({
    id: 'listWhistles', method: 'GET', path: '/api/whistles', auth: 'required', tags: ['volunteers'],
    summary: '社区吹哨（进行中的和一天内结束的）',
    request: ZListWhistlesRequest, response: ZListWhistlesResponse,
  }),
  createWhistle: op({
    id: 'createWhistle', method: 'POST', path: '/api/whistles', auth: 'required', tags: ['volunteers'], status: 201,
    summary: '社区吹哨：紧急召集志愿者（社区工作者）',
    request: ZCreateWhistleRequest, response: ZWhistle,
  }),
  respondWhistle: op({
    id: 'respondWhistle', method: 'POST', path: '/api/whistles/{id}/respond', auth: 'required', tags: ['volunteers'],
    summary: '党员报到：响应吹哨',
    request: ZRespondWhistleRequest, response: ZWhistle,
  }),
  cronShifts: op({
    id: 'cronShifts', method: 'GET', path: '/api/cron/shifts', auth: 'cron', tags: ['cron'],
    summary: '定时任务：未签到记为未到岗；提醒忘记签退的志愿者申请补签退',
    request: z.object({}), response: z.object({ noShows: z.number().int(), checkoutReminders: z.number().int() }),
  }),
  beansMe: op({
    id: 'beansMe', method: 'GET', path: '/api/beans/me', auth: 'required', tags: ['beans'],
    summary: '我的金豆：余额与流水（分页）',
    request: ZBeansMeRequest, response: ZBeansMeResponse,
  }),
  awardBeans: op({
    id: 'awardBeans', method: 'POST', path: '/api/beans/award', auth: 'required', tags: ['beans'], status: 201,
    summary: '手动发放金豆（社区工作者；须说明理由，不能发给自己，每日有上限；可带 Idempotency-Key）',
    request: ZAwardBeansRequest, response: ZAwardBeansResponse,
  }),
  beansReport: op({
    id: 'beansReport', method: 'GET', path: '/api/beans/report', auth: 'required', tags: ['beans'],
    summary: '月度金豆报表：发放、兑换、余额（社区工作者）',
    request: ZBeansReportRequest, response: ZBeansReportResponse,
  }),
  honourRoll: op({
    id: 'honourRoll', method: 'GET', path: '/api/beans/honour-roll', auth: 'required', tags: ['beans'],
    summary: '本月光荣榜（本人同意公开的居民）',
    request: ZHonourRollRequest, response: ZHonourRollResponse,
  }),
  listRewards: op({
    id: 'listRewards', method: 'GET', path: '/api/rewards', auth: 'required', tags: ['beans'],
    summary: '可兑换的服务和物品',
    request: ZListRewardsRequest, response: ZListRewardsResponse,
  }),
  createReward: op({
    id: 'createReward', method: 'POST', path: '/api/rewards', auth: 'required', tags: ['beans'], status: 201,
    summary: '发布兑换项目（驻区单位、社区工作者）',
    request: ZCreateRewardRequest, response: ZReward,
  }),
  redeemReward: op({
    id: 'redeemReward', method: 'POST', path: '/api/rewards/{id}/redeem', auth: 'required', tags: ['beans'], status: 201,
    summary: '兑换（须带 Idempotency-Key 请求头；返回 6 位兑换码和二维码）',
    request: ZRedeemRequest, response: ZRedeemResponse,
  }),
  myRedemptions: op({
    id: 'myRedemptions', method: 'GET', path: '/api/redemptions', auth: 'required', tags: ['beans'],
    summary: '我的兑换记录',
    request: ZListRedemptionsRequest, response: ZListRedemptionsResponse,
  }),
  verifyRedemption: op({
    id: 'verifyRedemption', method: 'POST', path: '/api/redemptions/verify', auth: 'required', tags: ['beans'],
    summary: '核销兑换码（兑换项目的提供方）',
    request: ZVerifyRedemptionRequest, response: ZVerifyRedemptionResponse,
  }),
  cancelRedemption: op({
    id: 'cancelRedemption', method: 'POST', path: '/api/redemptions/{id}/cancel', auth: 'required', tags: ['beans'],
    summary: '取消兑换，退回金豆',
    request: ZCancelRedemptionRequest, response: ZRedemption,
  }),
  creditMe: op({
    id: 'creditMe', method: 'GET', path: '/api/credit/me', auth: 'required', tags: ['beans'],
    summary: '我的社区信用（贡献 + 诚信）及计算说明',
    request: z.object({}), response: ZCredit,
  }),
  cronBeans: op({
    id: 'cronBeans', method: 'GET', path: '/api/cron/beans', auth: 'cron', tags: ['cron'],
    summary: '定时任务：过期未核销的兑换退回金豆',
    request: z.object({}), response: z.object({ expired: z.number().int() }),
  }),
  createTopic: op({
    id: 'createTopic', method: 'POST', path: '/api/topics', auth: 'required', tags: ['deliberation'], status: 201,
    summary: '提出议题（居民）；社区工作者可将“大家事”需求转为议题',
    request: ZCreateTopicRequest, response: ZTopic,
  }),
  cosignTopic: op({
    id: 'cosignTopic', method: 'POST', path: '/api/topics/{id}/cosign', auth: 'required', tags: ['deliberation'],
    summary: '联名支持议题',
    request: ZTopicIdRequest, response: ZTopic,
  }),
  listTopics: op({
    id: 'listTopics', method: 'GET', path: '/api/topics', auth: 'required', tags: ['deliberation'],
    summary: '议题列表',
    request: ZListTopicsRequest, response: ZListTopicsResponse,
  }),
  createMeeting: op({
    id: 'createMeeting', method: 'POST', path: '/api/meetings', auth: 'required', tags: ['deliberation'], status: 201,
    summary: '安排议事会（社区工作者；返回现场签到码）',
    request: ZCreateMeetingRequest, response: ZMeetingDetail,
  }),
  listMeetings: op({
    id: 'listMeetings', method: 'GET', path: '/api/meetings', auth: 'required', tags: ['deliberation'],
    summary: '议事会列表',
    request: ZListMeetingsRequest, response: ZListMeetingsResponse,
  }),
  getMeeting: op({
    id: 'getMeeting', method: 'GET', path: '/api/meetings/{id}', auth: 'required', tags: ['deliberation'],
    summary: '议事会详情（议程、讨论、表决）',
    request: ZMeetingIdRequest, response: ZMeetingDetail,
  }),
  registerMeeting: op({
    id: 'registerMeeting', method: 'POST', path: '/api/meetings/{id}/register', auth: 'required', tags: ['deliberation'],
    summary: '报名（满员进入候补）',
    request: ZRegisterMeetingRequest, response: ZMeeting,
  }),
  withdrawMeeting: op({
    id: 'withdrawMeeting', method: 'POST', path: '/api/meetings/{id}/withdraw', auth: 'required', tags: ['deliberation'],
    summary: '取消报名（候补第一位自动递补）',
    request: ZMeetingIdRequest, response: ZMeeting,
  }),
  checkInMeeting: op({
    id: 'checkInMeeting', method: 'POST', path: '/api/meetings/{id}/check-in', auth: 'required', tags: ['deliberation'],
    summary: '现场签到（签到码）',
    request: ZCheckInMeetingRequest, response: ZMeeting,
  }),
  commentMeeting: op({
    id: 'commentMeeting', method: 'POST', path: '/api/meetings/{id}/comments', auth: 'required', tags: ['deliberation'], status: 201,
    summary: '会前讨论留言',
    request: ZCommentRequest, response: ZComment,
  }),
  minutesMeeting: op({
    id: 'minutesMeeting', method: 'POST', path: '/api/meetings/{id}/minutes', auth: 'required', tags: ['deliberation'],
    summary: '记录会议纪要（社区工作者）',
    request: ZMinutesRequest, response: ZMeetingDetail,
  }),
  createMotion: op({
    id: 'createMotion', method: 'POST', path: '/api/meetings/{id}/motions', auth: 'required', tags: ['deliberation'], status: 201,
    summary: '发起表决（社区工作者）',
    request: ZCreateMotionRequest, response: ZMotion,
  }),
  voteMotion: op({
    id: 'voteMotion', method: 'POST', path: '/api/motions/{id}/vote', auth: 'required', tags: ['deliberation'],
    summary: '投票（一人一票）',
    request: ZVoteRequest, response: ZMotion,
  }),
  closeMotion: op({
    id: 'closeMotion', method: 'POST', path: '/api/motions/{id}/close', auth: 'required', tags: ['deliberation'],
    summary: '结束表决并计票（社区工作者；通过即形成决议）',
    request: ZMotionIdRequest, response: ZMotion,
  }),
  getResolution: op({
    id: 'getResolution', method: 'GET', path: '/api/resolutions/{id}', auth: 'required', tags: ['deliberation'],
    summary: '决议详情：事项、进展、督查、评价',
    request: ZResolutionIdRequest, response: ZResolution,
  }),
  addAction: op({
    id: 'addAction', method: 'POST', path: '/api/resolutions/{id}/actions', auth: 'required', tags: ['deliberation'], status: 201,
    summary: '添加落实事项（社区工作者）',
    request: ZAddActionRequest, response: ZResolution,
  }),
  actionProgress: op({
    id: 'actionProgress', method: 'POST', path: '/api/actions/{id}/progress', auth: 'required', tags: ['deliberation'], status: 201,
    summary: '跟进：责任人更新进展',
    request: ZActionProgressRequest, response: ZResolution,
  }),
  superviseResolution: op({
    id: 'superviseResolution', method: 'POST', path: '/api/resolutions/{id}/supervise', auth: 'required', tags: ['deliberation'], status: 201,
    summary: '督查意见（社区工作者或到会居民代表）',
    request: ZSuperviseRequest, response: ZResolution,
  }),
  evaluateResolution: op({
    id: 'evaluateResolution', method: 'POST', path: '/api/resolutions/{id}/evaluate', auth: 'required', tags: ['deliberation'],
    summary: '评价决议落实效果（本社区居民，1-5 星）',
    request: ZEvaluateResolutionRequest, response: ZResolution,
  }),
  deliberationMetrics: op({
    id: 'deliberationMetrics', method: 'GET', path: '/api/deliberation/metrics', auth: 'required', tags: ['deliberation'],
    summary: '覆盖率与成果转化率（社区工作者）',
    request: ZMetricsRequest, response: ZMetricsResponse,
  }),
  cronSla: op({
    id: 'cronSla', method: 'GET', path: '/api/cron/sla', auth: 'cron', tags: ['cron'],
    summary: '定时任务：超期自动上报、未评价自动办结、发送通知（CRON_SECRET）',
    request: ZCronSlaRequest, response: ZCronSlaResponse,
  }),
  ...adminOps,
  ...editingOps,
  ...meOps,
  ...inboxOps,
  ...announcementOps,
  ...exportOps,
  ...statsOps,
  ...departmentOps,
  ...subscriptionOps,
  ...securityDeliberationOps,
  ...securityBeansOps,
  ...securityVolunteersOps,
  ...securityServicesOps,
  ...suspensionOps,
} as const

export type Ops = typeof ops
