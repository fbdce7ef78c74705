/** Topic ids that are a contract with the channels and the acceptance tests: kb:check fails without them. */
export const requiredTopics = [
  'about', 'msc-basics', 'msc-principle', 'applications', 'contra-overview', 'pregnancy', 'tumor', 'autoimmune',
  'infection', 'heart', 'allergy', 'diabetes', 'neuro', 'blood', 'assessment', 'infusion-basics', 'infusion-methods',
  'infusion-principle', 'effectiveness', 'risks', 'hospital', 'cost',
] as const;
