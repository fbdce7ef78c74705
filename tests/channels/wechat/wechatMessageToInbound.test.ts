import { types } from 'wechaty';
import { describe, expect, it } from 'vitest';
import { nonTextKindOf, wechatMessageToInbound, type WechatMessageFacts } from '../../../src/channels/wechat/wechatMessageToInbound.js';
import type { NonTextKind } from '../../../src/core/inbound.js';

const message = (over: Partial<WechatMessageFacts> = {}): WechatMessageFacts => ({
  self: false,
  type: types.Message.Text,
  text: '孕妇可以做吗',
  talkerId: 'wxid_patient',
  talkerType: types.Contact.Individual,
  inRoom: false,
  ...over,
});

describe('WeChat message to inbound', () => {
  it('hands a contact’s text to the engine as is, with no language hint', () => {
    expect(wechatMessageToInbound(message())).toEqual({ kind: 'handle', inbound: { kind: 'text', text: '孕妇可以做吗' } });
  });

  it.each<[string, types.Message, NonTextKind]>([
    ['image', types.Message.Image, 'image'],
    ['voice', types.Message.Audio, 'voice'],
    ['video', types.Message.Video, 'video'],
    ['emoticon', types.Message.Emoticon, 'sticker'],
    ['link card', types.Message.Url, 'link'],
    ['mini-program', types.Message.MiniProgram, 'link'],
    ['file', types.Message.Attachment, 'file'],
    ['location', types.Message.Location, 'location'],
    ['contact card', types.Message.Contact, 'other'],
    ['transfer', types.Message.Transfer, 'other'],
  ])('turns a %s into a non-text message', (_name, type, what) => {
    expect(wechatMessageToInbound(message({ type }))).toEqual({ kind: 'handle', inbound: { kind: 'nontext', what } });
    expect(nonTextKindOf(type)).toBe(what);
  });

  it.each<[string, Partial<WechatMessageFacts>, string]>([
    ['its own message', { self: true }, 'self'],
    ['a group chat', { inRoom: true }, 'room'],
    ['an official account', { talkerType: types.Contact.Official }, 'official'],
    ['an official account by its gh_ id', { talkerId: 'gh_051c89260e5d', talkerType: types.Contact.Unknown }, 'official'],
    ['WeChat’s team account', { talkerId: 'weixin' }, 'system'],
    ['a system notice', { type: types.Message.Unknown }, 'system'],
    ['a recalled message', { type: types.Message.Recalled }, 'system'],
  ])('ignores %s', (_name, over, reason) => {
    expect(wechatMessageToInbound(message(over))).toEqual({ kind: 'ignore', reason });
  });
});
