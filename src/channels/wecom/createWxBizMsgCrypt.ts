import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../../core/result.js';

export interface CryptKeys {
  /** The callback Token from the WeCom admin. */
  readonly token: string;
  /** 43 characters: base64 of the AES key without its trailing "=". */
  readonly encodingAesKey: string;
  /** The corp id the plaintext must end with, so a message for another corp is refused. */
  readonly corpId: string;
}

export type CryptError = 'bad-signature' | 'undecryptable' | 'wrong-corp';

/** WeChat pads to 32-byte blocks, not AES's 16, so node's own padding is switched off. */
const BLOCK = 32;

const sha1 = (parts: readonly string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * WXBizMsgCrypt with node:crypto: AES-256-CBC, key = base64(EncodingAESKey + "="), IV = its first
 * 16 bytes, PKCS#7 to 32-byte blocks, plaintext = 16 random bytes + 4-byte big-endian length +
 * message + corp id; msg_signature = sha1 of the sorted [token, timestamp, nonce, encrypt].
 */
export function createWxBizMsgCrypt(keys: CryptKeys) {
  const key = Buffer.from(`${keys.encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('WECOM_ENCODING_AES_KEY must be 43 base64 characters (a 32-byte key)');
  const iv = key.subarray(0, 16);

  const signature = (timestamp: string, nonce: string, encrypt: string) => sha1([keys.token, timestamp, nonce, encrypt]);

  function encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    const plain = Buffer.concat([random, length, body, Buffer.from(keys.corpId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
  }

  function decrypt(encrypted: string): Result<string, CryptError> {
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
      plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
    } catch {
      return err('undecryptable');
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) return err('undecryptable');
    const unpadded = plain.subarray(0, plain.length - pad);
    const length = unpadded.readUInt32BE(16);
    if (20 + length > unpadded.length) return err('undecryptable');
    const corp = unpadded.subarray(20 + length).toString('utf8');
    if (corp !== keys.corpId) return err('wrong-corp');
    return ok(unpadded.subarray(20, 20 + length).toString('utf8'));
  }

  /** Checks the signature over `encrypt`, then decrypts it. */
  function open(q: { readonly signature: string; readonly timestamp: string; readonly nonce: string; readonly encrypt: string }): Result<string, CryptError> {
    if (!sameText(signature(q.timestamp, q.nonce, q.encrypt), q.signature.toLowerCase())) return err('bad-signature');
    return decrypt(q.encrypt);
  }

  return { signature, encrypt, decrypt, open };
}

export type WxBizMsgCrypt = ReturnType<typeof createWxBizMsgCrypt>;
