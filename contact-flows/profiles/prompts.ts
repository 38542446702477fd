import type { Language, PromptSet } from '../../schemas/profile.js';

/**
 * Prompts every profile shares unless it says otherwise: re-prompts, apologies, queue and callback messages and
 * the agent whisper. A profile spreads these and writes its own welcome, hours and menu wording:
 * `prompts: { 'zh-CN': { ...COMMON_PROMPTS['zh-CN'], welcome: '…' }, 'en-US': { … } }`.
 *
 * References such as `$.Attributes.displayName` are filled in by Connect when it speaks (the keys are those the
 * inbound flow copies from the caller lookup; see CALLER_ATTRIBUTE_KEYS).
 */
export const COMMON_PROMPTS = {
  'zh-CN': {
    blocked: '很抱歉，我们暂时无法受理您的来电。如有疑问，请通过官方网站或营业网点与我们联系。',
    menuIntro: '请选择您需要的服务。',
    menuOption: '{label}请按{key}。',
    menuNoInput: '抱歉，我们没有收到您的按键。',
    menuInvalid: '抱歉，您的输入有误。',
    transfer: '正在为您转接，请稍候。',
    queueClosed: '抱歉，您选择的服务目前不在服务时间内，请您在服务时间内再次来电。',
    busy: '非常抱歉，当前来电较多，暂时无法为您接通，请您稍后再拨。',
    error: '非常抱歉，系统暂时无法处理您的来电，请您稍后再拨。',
    goodbye: '感谢您的来电，再见。',
    queueStatus: '目前共有 $.Metrics.Queue.Size 位客户正在排队，请您耐心等候。',
    hold: '您的来电正在排队，坐席人员将尽快为您服务，请不要挂机。',
    callbackOffer: '如果您希望我们稍后给您回电，请按1；继续等候，请不要按键。',
    callbackConfirmed: '已为您登记回电，坐席人员空闲后将拨打您的来电号码与您联系。',
    whisper:
      '客户 $.Attributes.displayName，等级 $.Attributes.tier，未结工单 $.Attributes.openTickets 个。$.Attributes.customerDetails',
    whisperVip: 'VIP客户来电。',
    whisperUnknown: '未识别的来电，系统中没有该号码的客户资料。',
    whisperLastContact: '上次来电时间 $.Attributes.lastContactAt 。',
  },
  'en-US': {
    blocked:
      'We are sorry, but we cannot take your call. If you have a question, please contact us through our website or a branch.',
    menuIntro: 'Please choose a service.',
    menuOption: 'For {label}, press {key}.',
    menuNoInput: 'Sorry, we did not receive your selection.',
    menuInvalid: 'Sorry, that is not a valid option.',
    transfer: 'Please hold while we connect you.',
    queueClosed:
      'Sorry, the service you chose is closed at the moment. Please call again during its opening hours.',
    busy: 'We are sorry, all our lines are busy and we cannot connect your call. Please call again later.',
    error: 'We are sorry, we cannot handle your call right now. Please call again later.',
    goodbye: 'Thank you for calling. Goodbye.',
    queueStatus: 'There are $.Metrics.Queue.Size callers waiting. Thank you for your patience.',
    hold: 'Your call is in the queue and will be answered as soon as an agent is free. Please stay on the line.',
    callbackOffer: 'If you would like us to call you back, press 1. To keep holding, do nothing.',
    callbackConfirmed:
      'Your callback is booked. An agent will call the number you are calling from as soon as one is free.',
    whisper:
      'Caller $.Attributes.displayName, tier $.Attributes.tier, with $.Attributes.openTickets open tickets.$.Attributes.customerDetails',
    whisperVip: 'VIP caller.',
    whisperUnknown: 'Unidentified caller: no customer record for this number.',
    whisperLastContact: 'Last contact at $.Attributes.lastContactAt .',
  },
} as const satisfies Record<Language, Omit<PromptSet, 'welcome' | 'afterHours' | 'cardNumber'>>;
