import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/bundle.js';

/**
 * Issue 13 and issue 11 part 4 through the piped terminal chat, as a patient types them, with no
 * consultant desk configured (the default) and sessions in memory.
 */
function chat(lines: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', CONSOLE_USER: `dialogue-${Math.random()}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('exit', () => resolve(stdout));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

/** Each chat starts a real node process (about 3 s of CPU); on a loaded machine that takes tens of seconds. */
const spawning = { timeout: 120_000 };

describe('terminal chat: dialogue that bends', spawning, () => {
  it('takes natural consent and answers, goes back, and never falls back or switches language (zh)', async () => {
    const out = await chat(['我想测一下自己适不适合', '好嘞 那就开始吧', '没有', '没', '回到上一个问题', '没得', 'no', '无', '不太确定', '都没有', '谢谢', '好的再见']);
    expect(out).toMatch(/第 1\/6 题/);
    expect(out).not.toMatch(/无法准确回答|没能识别/);
    expect(out).not.toMatch(/Question \d of 6|Sorry/);
    expect(out).toMatch(/自测完成/);
    expect(out).toMatch(/不客气/);
    expect(out).toMatch(/再见/);
  });

  it('takes natural consent and answers in English', async () => {
    const out = await chat(['Could you check whether I am suitable?', "ok let's start", 'nope', "I don't know", 'go back', 'no', 'no', 'no', 'no', 'no', 'thanks']);
    expect(out).toMatch(/Question 1 of 6/);
    expect(out).not.toMatch(/didn't catch that|can't answer that/);
    expect(out).toMatch(/found none of the listed situations|preliminary/);
    expect(out).toMatch(/You're welcome/);
  });

  it('changes its mind about consent, leaves and resumes the self-check, and restates the result', async () => {
    const out = await chat(['我适合做吗', '不同意', '改主意了 测吧', '同意', '没有', '没有', '菜单', '你们医院在哪', '继续自测', '没有', '没有', '没有', '没有', '所以我能打了对吧']);
    expect(out).toMatch(/不会记录/);
    expect(out).toMatch(/暂停在第 3\/6 题/);
    expect(out).toMatch(/从上次停下的地方继续[\s\S]*第 3\/6 题/);
    const after = out.slice(out.lastIndexOf('自测完成'));
    expect(after).toMatch(/初步筛查,不代表/);
    expect(after).not.toMatch(/第 1\/6 题|您适合|符合条件/);
  });

  it('answers a price question mid-check and resumes the same question', async () => {
    const out = await chat(['帮我评估一下', '可以', '没有', '做一次多少钱']);
    expect(out).toMatch(/我们继续自测[\s\S]*第 2\/6 题/);
  });

  it('says honestly that no consultant is available here, and keeps answering (zh, en)', async () => {
    const zh = await chat(['转人工', '孕妇可以做干细胞吗', '你是机器人吗']);
    expect(zh).toMatch(/暂时没有人工顾问在线/);
    expect(zh).not.toMatch(/已为您转接|已补充到您的咨询中|排在第/);
    expect(zh).toMatch(/孕/);
    expect(zh).toMatch(/自动咨询助手[\s\S]*不是医生/);
    const en = await chat(['I want to talk to a human', 'are you a real person?']);
    expect(en).toMatch(/no consultants are available/);
    expect(en).toMatch(/automated assistant[\s\S]*not a doctor/);
  });
});

describe('terminal chat: after an emergency', spawning, () => {
  it('gives 120, no queue, aftercare for follow-ups, normal answers after, and "not an emergency" (zh)', async () => {
    const out = await chat(['我爸突然晕倒了 叫不醒', '人醒了但是说不出话', '孕妇可以做干细胞吗', '我胸口剧痛 喘不上气', '不是紧急情况', '干细胞安全吗']);
    expect(out).toMatch(/120/);
    expect(out).toMatch(/留在患者身边/);
    expect(out).not.toMatch(/顾问关注|已补充到您的咨询中|排在第/);
    expect(out).toMatch(/已取消紧急提示/);
    expect(out.split('已取消紧急提示')[1]).not.toMatch(/⚠️/);
  });

  it('does the same in English', async () => {
    const out = await chat(['my dad just collapsed and is not breathing', "he is awake now but can't speak", 'Not an emergency', 'Is stem cell therapy safe?']);
    expect(out).toMatch(/Call 120/);
    expect(out).toMatch(/unlock the door/);
    expect(out).not.toMatch(/alerted our consultants/);
    expect(out).toMatch(/emergency notice is withdrawn/);
  });
});
