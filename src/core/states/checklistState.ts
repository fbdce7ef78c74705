import type { AnswerValue } from '../model.js';
import { askQuestion, goBack, readAnswer, reask, recordAnswer, restartChecklist, showCurrent } from '../checklist.js';
import { showAnswer, showMenu } from '../render.js';
import { answerMidFlow, menu } from '../routeText.js';
import { sayIdentity, smallTalk } from '../smalltalk.js';
import { route } from '../turn.js';
import type { StateHandler, Step } from './stateHandler.js';

const answers: Partial<Record<string, AnswerValue>> = { affirm: 'yes', deny: 'no', unsure: 'unsure' };

const answer =
  (value: AnswerValue): Step =>
  (b) => {
    b.route = route('checklist');
    recordAnswer(b, value);
  };

/** Leaving keeps the answers: the self-check is paused and can be resumed where it was. */
const leave: Step = (b) => {
  const s = b.session.state;
  if (s.name !== 'checklist') return menu(b);
  b.route = route('menu');
  b.update({ state: { name: 'idle' } });
  showMenu(b, b.t('checklistQuit', { n: s.step + 1 }));
};

const current: Step = (b) => {
  b.route = route('checklist');
  showCurrent(b);
};

/** Answering the health questions one by one; questions asked meanwhile are answered, then it resumes. */
export const checklist: StateHandler = {
  acts: {
    affirm: answer('yes'),
    deny: answer('no'),
    unsure: answer('unsure'),
    back: (b) => {
      b.route = route('checklist');
      goBack(b);
    },
    quit: leave,
    withdraw: leave,
    restart: (b) => {
      b.route = route('flow', b.content.flow.id);
      restartChecklist(b);
    },
    check: current,
    consent: current,
    notEmergency: current,
    thanks: (b) => {
      b.route = route('checklist');
      showCurrent(b, b.t('thanksReply'));
    },
    ack: current,
    bye: (b) => {
      const s = b.session.state;
      b.update({ state: { name: 'idle' } });
      smallTalk(b, 'bye', s.name === 'checklist' ? b.t('checklistQuit', { n: s.step + 1 }) : undefined);
    },
    identity: (b) => {
      sayIdentity(b, false);
      showCurrent(b);
    },
  },
  otherwise: (b, t) => {
    const s = b.session.state;
    if (s.name !== 'checklist') return;
    // "是的,我在吃消炎药": an answer that goes on; then the flow's own answer words.
    const value = (t.act && !t.act.whole && answers[t.act.name]) || readAnswer(b.content.flow, t.folded);
    if (value) return answer(value)(b, t);
    const topic = b.content.faq.get(b.content.flow.questions[s.step]?.topic ?? '');
    if (t.intent === 'explain' && topic) {
      // "啥意思?" about the current question: explain it from its topic, then ask again.
      b.route = route('faq', topic.id, null);
      showAnswer(b, topic, { brief: true });
      return askQuestion(b, s.step, b.t('checklistResume'));
    }
    if (answerMidFlow(b, t, () => askQuestion(b, s.step, b.t('checklistResume')))) return;
    b.route = route('checklist');
    reask(b);
  },
};
