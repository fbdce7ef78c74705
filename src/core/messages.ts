import type { Localised } from './model.js';

/** Keys of knowledge/messages.yaml; the loader fails if one is missing. */
export const messageKeys = [
  'welcome', 'disclaimer', 'menuPrompt', 'labelFaq', 'labelCheck', 'labelHuman', 'labelStartCheck',
  'labelConsentYes', 'labelConsentNo', 'labelMenu', 'faqListPrompt', 'clarify', 'related', 'fallback', 'textOnly',
  'empty', 'numberNoChoice', 'resetDone', 'deleted', 'handoffOpened', 'handoffNoHours', 'handoffAlready',
  'storeDown', 'langSwitched', 'consentDeclined', 'reask', 'reaskHuman', 'checklistQuit', 'checklistFirst',
  'checklistResume', 'progress', 'offerChecklist', 'offerHandoff', 'expired',
  'handoffNoted', 'handoffTaken', 'consultantSays', 'handoffEndedByPatient', 'handoffClosed', 'ratingThanks', 'handoffNotOpen',
  'handoffQueue', 'handoffNow', 'handoffLater', 'handoffStillWaiting', 'cmdEnd',
  'cmdStart', 'cmdMenu', 'cmdCheck', 'cmdHuman', 'cmdReset', 'cmdDelete', 'cmdHelp', 'tooFast',
  'thanksReply', 'byeReply', 'ackReply', 'identity', 'checklistPaused', 'checklistResumed', 'labelRestartCheck',
  'resultMeaning', 'resultMeaningHuman', 'ratingAgain', 'handoffUnavailable', 'handoffWithdrawn', 'handoffWaitingStatus',
  'handoffActiveStatus', 'handoffAlsoSent', 'handoffAck', 'emergencyDeskAlerted', 'emergencyAftercare', 'crisisLine',
  'labelNotEmergency', 'falseAlarm',
  'handoffOffDuty', 'handoffTimeout', 'labelCallback', 'labelKeepWaiting', 'labelWithdraw', 'keepWaiting', 'callbackConsent',
  'labelCallbackYes', 'labelCallbackNo', 'callbackAskPhone', 'callbackBadPhone', 'callbackAskTime', 'labelMorning', 'labelAfternoon',
  'labelEvening', 'labelAnyTime', 'callbackSaved', 'callbackWhenHours', 'callbackWhenOpen', 'callbackNoHours', 'callbackDeclined',
] as const;
export type MessageKey = (typeof messageKeys)[number];
export type Messages = Readonly<Record<MessageKey, Localised>>;
