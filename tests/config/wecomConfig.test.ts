import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';

const wecom = { WECOM_CORP_ID: 'ww1', WECOM_KF_SECRET: 's', WECOM_CALLBACK_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR' };

describe('WeCom configuration', () => {
  it('turns on with WECOM_CORP_ID and defaults the API root and callback path', () => {
    expect(loadConfig(wecom)).toMatchObject({ WECOM_CORP_ID: 'ww1', WECOM_API_ROOT: 'https://qyapi.weixin.qq.com', WECOM_CALLBACK_PATH: '/wecom/callback' });
  });

  it('names every missing secret and a malformed EncodingAESKey', () => {
    expect(() => loadConfig({ WECOM_CORP_ID: 'ww1' })).toThrow(/WECOM_KF_SECRET[\s\S]*WECOM_CALLBACK_TOKEN[\s\S]*WECOM_ENCODING_AES_KEY/);
    expect(() => loadConfig({ ...wecom, WECOM_ENCODING_AES_KEY: 'short' })).toThrow(/WECOM_ENCODING_AES_KEY must be the 43-character EncodingAESKey/);
  });
});
