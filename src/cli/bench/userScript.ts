/** One simulated user's messages, in order, as they would type them. */
export interface UserScript {
  readonly lang: 'zh' | 'en';
  readonly messages: readonly string[];
  /** Index after which the session is idle between topics (greeting and two questions done). */
  readonly idleAfter: number;
}

export interface QuestionPool {
  readonly zh: readonly string[];
  readonly en: readonly string[];
}

/**
 * The conversation the issue asks for: a greeting, two FAQ questions, the whole checklist with
 * consent, then "delete my data". Every fifth user writes English; questions rotate through the
 * pool so users do not all ask the same thing; one checklist answer in three is "not sure".
 */
export function userScript(user: number, pool: QuestionPool, checklistQuestions: number): UserScript {
  const lang = user % 5 === 4 ? 'en' : 'zh';
  const qs = pool[lang];
  const q1 = qs[(user * 2) % qs.length]!;
  const q2 = qs[(user * 2 + 1) % qs.length]!;
  const w =
    lang === 'zh'
      ? { hi: '你好', assess: '我适合做干细胞吗', agree: '同意', no: '没有', unsure: '不确定', del: '删除我的数据' }
      : { hi: 'hello', assess: 'am i suitable for stem cells', agree: 'i agree', no: 'no', unsure: 'not sure', del: 'delete my data' };
  const answers = Array.from({ length: checklistQuestions }, (_, i) => ((user + i) % 3 === 0 ? w.unsure : w.no));
  return { lang, messages: [w.hi, q1, q2, w.assess, w.agree, ...answers, w.del], idleAfter: 3 };
}
