/**
 * The headings of the clinic's two articles (the seeds folder beside the project, not read at run time so the repo
 * stands alone), with the line each starts on. An answer's `source:` may cite only these.
 * `header` is the site banner (中科西部干细胞 / 免费在线咨询), `title` the article title, `intro`
 * the paragraph(s) before §一.
 */
export interface SeedSection {
  readonly line: number;
  readonly heading: string;
}

export interface Seed {
  readonly file: string;
  readonly sections: Readonly<Record<string, SeedSection>>;
}

export const seeds: Readonly<Record<string, Seed>> = {
  '000': {
    file: '000_2149df2501df0946.txt',
    sections: {
      header: { line: 1, heading: '中科西部干细胞 / 免费在线咨询' },
      title: { line: 5, heading: '间充质干细胞不适宜人群:哪些人群应避免或慎用??临床效果怎么样?' },
      intro: { line: 7, heading: '(引言)' },
      '一': { line: 12, heading: '间充质干细胞治疗的基本概念' },
      '二': { line: 19, heading: '不适宜接受间充质干细胞治疗的人群' },
      '二.1': { line: 21, heading: '孕妇' },
      '二.2': { line: 25, heading: '肿瘤患者' },
      '二.3': { line: 29, heading: '严重免疫系统疾病患者' },
      '二.4': { line: 33, heading: '有严重感染史的患者' },
      '二.5': { line: 37, heading: '严核心脏病患者' },
      '二.6': { line: 41, heading: '药物过敏或免疫反应异常的患者' },
      '三': { line: 46, heading: '如何评估是否适合进行干细胞治疗' },
      '三.1': { line: 48, heading: '全面体检和病史评估' },
      '三.2': { line: 52, heading: '临床检查与辅助检查' },
      '三.3': { line: 56, heading: '个性化治疗方案' },
      '四': { line: 61, heading: '总结' },
    },
  },
  '001': {
    file: '001_2a69b1fcd577346e.txt',
    sections: {
      header: { line: 1, heading: '中科西部干细胞 / 免费在线咨询' },
      title: { line: 5, heading: '干细胞回输是什么原理??细胞治疗真实效果怎么样??苏州哪个医院可以注射干细胞?' },
      intro: { line: 7, heading: '(引言)' },
      '一': { line: 9, heading: '干细胞回输的基本概念' },
      '二': { line: 15, heading: '干细胞回输的原理' },
      '二.1': { line: 19, heading: '组织修复与再生' },
      '二.2': { line: 25, heading: '免疫调节作用' },
      '二.3': { line: 31, heading: '促进血液系统恢复' },
      '二.4': { line: 37, heading: '改善细胞微环境' },
      '三': { line: 43, heading: '干细胞回输的临床应用' },
      '三.1': { line: 47, heading: '心血管疾病' },
      '三.2': { line: 51, heading: '神经系统疾病' },
      '三.3': { line: 55, heading: '自体免疫性疾病' },
      '三.4': { line: 59, heading: '癌症治疗' },
      '三.5': { line: 63, heading: '糖尿病' },
      '四': { line: 67, heading: '干细胞回输的挑战与前景' },
      '五': { line: 75, heading: '结语' },
    },
  },
};
