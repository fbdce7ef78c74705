import type { Wechaty, WechatyPluginUninstaller } from 'wechaty';
import { attachWechatConsultation, type WechatConsultationOptions } from './attachWechatConsultation.js';

/**
 * The consultation as a Wechaty plugin, in the style of wechaty-plugin-contrib, for a bot that
 * already has its own login handling: `wechaty.use(WechatyConsultation({ bot, content, … }))`.
 * It takes private chats with people and leaves every other message to the host bot.
 */
export function WechatyConsultation(options: WechatConsultationOptions): (bot: Wechaty) => WechatyPluginUninstaller {
  return (bot) => attachWechatConsultation(bot, options).detach;
}
