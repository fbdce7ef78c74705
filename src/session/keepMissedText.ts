import { scrubPersonalData } from '../core/scrubPersonalData.js';

/**
 * Words that make a message health information (PIPL: sensitive, needs separate consent) or
 * point at a person: diseases, symptoms, body parts, medicines, pregnancy, sex, mental health,
 * "I have / my mother", names and street addresses. Deliberately broad: a false hit only costs
 * operators the wording, never the patient their privacy. Stem-cell therapy words
 * (干细胞, 回输, 注射, 治疗, 费用…) are not on it, so ordinary questions about the service stay readable.
 */
const zhTerms = [
  // conditions and symptoms
  '病', '症', '癌', '瘤', '炎', '痛', '疼', '痒', '肿', '伤', '瘫', '残', '晕', '吐', '泻', '烧', '咳', '喘', '疮', '疤', '痴呆', '帕金森', '阿尔茨海默', '狼疮', '风湿', '中风', '卒中', '骨折',
  '艾滋', '乙肝', '丙肝', '肝', '肾', '心脏', '心梗', '心衰', '冠心', '血', '糖尿', '胰岛', '感染', '过敏', '免疫', '梅毒', '阳性', '阴性', '确诊', '诊断', '化验', '指标', '体检',
  '抑郁', '焦虑', '失眠', '精神', '自闭', '自杀', '死',
  // body
  '肺', '胃', '肠', '脑', '神经', '骨', '关节', '腰', '腿', '膝', '眼', '耳', '牙', '皮肤', '头发', '脱发', '乳', '子宫', '卵巢', '前列腺', '尿', '便', '月经', '经期',
  // pregnancy, sex
  '孕', '胎', '流产', '哺乳', '性', '阳痿', '早泄',
  // treatment the person is having
  '药', '在吃', '吃了', '服用', '化疗', '放疗', '手术', '住院', '激素', '抗生素', '透析', '移植', '输血',
  // the person and their family
  '我有', '我得', '我患', '我在吃', '我在用', '我叫', '名字', '姓名', '身份证', '住在', '住址', '地址', '家在', '小区', '街道', '路', '号楼', '单元', '村',
  '我妈', '我爸', '妈妈', '爸爸', '母亲', '父亲', '老婆', '老公', '妻子', '丈夫', '孩子', '儿子', '女儿', '家人', '老人',
];
const enTerms =
  /\b(?:hiv|aids|cancer\w*|tumou?rs?|diabet\w*|pregnan\w*|sick\w*|ill|illness\w*|diseases?|pain\w*|hurts?|infect\w*|allerg\w*|depress\w*|anxi\w*|surgery|chemo\w*|radio\w*|medic\w*|drugs?|pills?|symptoms?|diagnos\w*|heart|lungs?|liver|kidneys?|blood|brain|lupus|arthritis|parkinson\w*|alzheimer\w*|dementia|stroke|hepatitis|sex\w*|fever|cough\w*|injur\w*|hospital\w*|antibiotic\w*|steroids?|i have|i've got|i am on|i'm on|my (?:mother|father|mom|mum|dad|wife|husband|son|daughter|child|kids?|parents?|name)|i live|address|street|road|avenue)\b/iu;

/**
 * What of a missed question may be kept for operators without asking: the scrubbed text only
 * when it holds no health or identifying terms; otherwise null, and only the topic candidate is
 * kept beside it. Runs in the stores, so every writer gets the rule.
 */
export function keepMissedText(text: string): string | null {
  const scrubbed = scrubPersonalData(text);
  if (!scrubbed) return null;
  const lower = scrubbed.toLowerCase();
  if (zhTerms.some((t) => lower.includes(t)) || enTerms.test(lower)) return null;
  return scrubbed;
}
