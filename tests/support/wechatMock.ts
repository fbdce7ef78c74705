import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, ScanStatus, types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createWechatChannel, type WechatOptions } from '../../src/channels/wechat/createWechatChannel.js';

type MockContact = ReturnType<mock.Mocker['createContact']>;
type MockRoom = ReturnType<mock.Mocker['createRoom']>;
/** ContactMock is an event emitter whose typings do not resolve here; this is the part we use. */
interface MockMessage {
  talker(): { id: string };
  text(): string | undefined;
}
const events = (c: MockContact) => c as unknown as { on(e: 'message', l: (m: MockMessage) => void): void };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `ok()` holds, or fails with `what`. */
export async function waitUntil(ok: () => boolean, what: string, ms = 8000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * The WeChat channel on wechaty-puppet-mock, logged in as a mocked account: the Mocker creates
 * contacts and rooms, makes them talk to the bot, and records what the bot says back.
 * The memory card lives in a temporary folder that `stop` removes.
 */
export async function startWechatMock(o: Omit<WechatOptions, 'name' | 'autoAcceptFriends' | 'sendGapMs'> & Partial<Pick<WechatOptions, 'autoAcceptFriends' | 'sendGapMs'>>) {
  log.level('silent'); // wechaty's own log prints to the console
  const dir = mkdtempSync(join(tmpdir(), 'csb-wechat-'));
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const qr: string[] = [];
  const channel = createWechatChannel({ name: join(dir, 'bot'), autoAcceptFriends: false, sendGapMs: 1, qrOutput: { write: (s) => qr.push(s) }, ...o, puppetInstance: puppet });
  await channel.start();
  mocker.scan('https://login.weixin.qq.com/l/mock', ScanStatus.Waiting);
  const self = mocker.createContact({ name: '咨询助手', type: types.Contact.Individual });
  const loggedIn = new Promise((r) => channel.wechaty.once('login', r));
  mocker.login(self);
  await loggedIn;
  let n = 0;

  /** A contact in a private chat with the bot, and what the bot sent them. */
  function patient(payload: Parameters<mock.Mocker['createContact']>[0] = {}) {
    const contact: MockContact = mocker.createContact({ name: `患者${++n}`, type: types.Contact.Individual, ...payload });
    const inbox: string[] = [];
    events(contact).on('message', (m) => {
      if (m.talker().id === self.id) inbox.push(m.text() ?? '');
    });
    let seen = 0;
    return {
      contact,
      inbox,
      /** Waits for at least `min` new messages from the bot, then a quiet moment, and returns them. */
      async next(min = 1, ms = 8000): Promise<string[]> {
        await waitUntil(() => inbox.length >= seen + min, `${min} bot message(s)`, ms);
        await sleep(150);
        const fresh = inbox.slice(seen);
        seen = inbox.length;
        return fresh;
      },
      async say(text: string): Promise<string[]> {
        contact.say(text).to(self);
        return this.next();
      },
      /** A message of any type, built directly: the mock's `say` drops links, mini-programs and locations. */
      send(type: types.Message, text = ''): string {
        const id = `m-${type}-${Math.random().toString(36).slice(2)}`;
        mocker.MessageMock.create({ id, talkerId: contact.id, listenerId: self.id, text, timestamp: Date.now(), type });
        puppet.emit('message', { messageId: id });
        return id;
      },
      /** The puppet announces a message it already announced, as some do after a reconnect. */
      redeliver(messageId: string): void {
        puppet.emit('message', { messageId });
      },
      /** Asks to be the bot's friend. */
      async befriend(): Promise<void> {
        const friendshipId = `f-${contact.id}`;
        await puppet.friendshipPayload(friendshipId, { id: friendshipId, contactId: contact.id, hello: '你好', ticket: 't', timestamp: Date.now(), type: types.Friendship.Receive });
        puppet.emit('friendship', { friendshipId });
      },
    };
  }

  return {
    mocker,
    puppet,
    channel,
    self,
    qr,
    patient,
    room(topic: string, members: readonly MockContact[]): MockRoom {
      return mocker.createRoom({ topic, memberIdList: [self.id, ...members.map((m) => m.id)] });
    },
    async stop(): Promise<void> {
      await channel.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type WechatMock = Awaited<ReturnType<typeof startWechatMock>>;
export type WechatPatient = ReturnType<WechatMock['patient']>;

/** The number in front of a choice label in the bot's last numbered list. */
export function numberOf(message: string, label: RegExp): string {
  const items = [...message.matchAll(/(\d+)\. (.+?)(?=\s{2,}\d+\. |\n|$)/g)].map((m) => ({ n: m[1]!, label: m[2]! }));
  const hit = items.find((i) => label.test(i.label));
  if (!hit) throw new Error(`no choice ${label} in: ${message}`);
  return hit.n;
}
