import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/loadConfig.js';
import { loadFlow } from '../../src/flows/loadFlow.js';
import { projectRoot } from '../support/bundle.js';

function consent() {
  const flow = loadFlow(projectRoot);
  if (!flow.ok) throw new Error('flows/ does not load');
  return flow.value.consent.text;
}

describe('checklist consent text', () => {
  it('tells the patient, before they agree, how long a handoff keeps the answers: the ticket retention', () => {
    const days = loadConfig({}).TICKET_RETENTION_DAYS;
    const text = consent();
    expect(text.zh).toMatch(new RegExp(`转接人工顾问时[^。]*交给顾问[^。]*${days} 天后自动删除`));
    expect(text.en).toMatch(new RegExp(`ask for a consultant[^.]*kept[^.]*${days} days`));
  });

  it('still says where the answers live otherwise, and how to erase them', () => {
    const text = consent();
    expect(text.zh).toMatch(/只保存在本次对话中,\{minutes\} 分钟无操作即自动清除/);
    expect(text.zh).toMatch(/删除我的数据/);
    expect(text.en).toMatch(/erased after \{minutes\} idle minutes/);
    expect(text.en).toMatch(/delete my data/);
  });
});
