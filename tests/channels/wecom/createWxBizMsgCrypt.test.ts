import { describe, expect, it } from 'vitest';
import { createWxBizMsgCrypt } from '../../../src/channels/wecom/createWxBizMsgCrypt.js';

// Published vectors: wechatpy tests/test_crypto.py (the WeCom CryptoTestCase).
const keys = { token: '123456', encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR', corpId: 'wx49f0ab532d5d035a' };
const echo = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
const inbound =
  'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=';
const reply = `<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>`;
const replyEncrypted =
  '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3';

describe('WXBizMsgCrypt', () => {
  const crypt = createWxBizMsgCrypt(keys);

  it('accepts the published URL-verification signature and decrypts its echostr', () => {
    const r = crypt.open({ signature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96', timestamp: '1411443780', nonce: '437374425', encrypt: echo });
    expect(r.ok).toBe(true);
  });

  it('refuses the same request with another nonce', () => {
    expect(crypt.open({ signature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96', timestamp: '1411443780', nonce: '437374424', encrypt: echo })).toEqual({ ok: false, error: 'bad-signature' });
  });

  it('decrypts the published callback message', () => {
    const r = crypt.open({ signature: '74d92dfeb87ba7c714f89d98870ae5eb62dff26d', timestamp: '1411525903', nonce: '461056294', encrypt: inbound });
    expect(r.ok && r.value).toContain('<Content><![CDATA[test]]></Content>');
    expect(r.ok && r.value).toContain('<FromUserName><![CDATA[messense]]></FromUserName>');
  });

  it('encrypts and signs exactly as the published vector, given its random prefix', () => {
    const encrypted = crypt.encrypt(reply, Buffer.from('1234567890123456'));
    expect(encrypted).toBe(replyEncrypted);
    expect(crypt.signature('1411525903', '461056294', encrypted)).toBe('407518b7649e86ef23978113f92d27afa9296533');
  });

  it('round-trips Chinese text and refuses a message for another corp', () => {
    const secret = crypt.encrypt('你好,世界 👋');
    expect(crypt.decrypt(secret)).toEqual({ ok: true, value: '你好,世界 👋' });
    const other = createWxBizMsgCrypt({ ...keys, corpId: 'another-corp' });
    expect(other.decrypt(secret)).toEqual({ ok: false, error: 'wrong-corp' });
    expect(crypt.decrypt('not base64 at all')).toEqual({ ok: false, error: 'undecryptable' });
  });
});
