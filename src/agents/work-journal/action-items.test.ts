import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../domain/results.js';
import { actionItemsIn } from './action-items.js';

// Wednesday 25 November 2026, 10:00 UTC.
const RECORDED_AT = '2026-11-25T10:00:00Z';
const itemsOf = (sentence: string) => actionItemsIn([sentence], RECORDED_AT);

/** [sentence, the action items a reader of the journal expects from it] */
const LABELLED: [string, ActionItem[]][] = [
  // The speaker's own actions.
  [
    'I need to send the budget to finance by Friday.',
    [{ text: 'Send the budget to finance', owner: 'me', due: '2026-11-27' }],
  ],
  [
    "I'll review the pull request tomorrow.",
    [{ text: 'Review the pull request', owner: 'me', due: '2026-11-26' }],
  ],
  [
    'Remind me to call the vendor next Tuesday.',
    [{ text: 'Call the vendor', owner: 'me', due: '2026-12-01' }],
  ],
  [
    'I have to renew the certificate on the fifteenth.',
    [{ text: 'Renew the certificate', owner: 'me', due: '2026-12-15' }],
  ],
  [
    'I should update the roadmap by end of day.',
    [{ text: 'Update the roadmap', owner: 'me', due: '2026-11-25' }],
  ],
  ["I'm going to draft the RFC by end of week.", [{ text: 'Draft the RFC', owner: 'me', due: '2026-11-27' }]],
  [
    'Need to renew the SSL certificate by the 30th.',
    [{ text: 'Renew the SSL certificate', owner: 'me', due: '2026-11-30' }],
  ],
  [
    "Don't forget to submit the expense report by EOD.",
    [{ text: 'Submit the expense report', owner: 'me', due: '2026-11-25' }],
  ],
  [
    'Follow up with Marcus about the load tests in two weeks.',
    [{ text: 'Follow up with Marcus about the load tests', owner: 'me', due: '2026-12-09' }],
  ],
  [
    'I need to follow up with Elena about the contract tomorrow.',
    [{ text: 'Follow up with Elena about the contract', owner: 'me', due: '2026-11-26' }],
  ],
  [
    'By Friday, I need to finish the slides.',
    [{ text: 'Finish the slides', owner: 'me', due: '2026-11-27' }],
  ],
  [
    'I need to ship the hotfix by December 3rd.',
    [{ text: 'Ship the hotfix', owner: 'me', due: '2026-12-03' }],
  ],
  ['Um so I I need to, you know, email the client.', [{ text: 'Email the client', owner: 'me' }]],
  // Someone else's actions.
  [
    'Sarah will send the revised estimates by Friday.',
    [{ text: 'Send the revised estimates', owner: 'Sarah', due: '2026-11-27' }],
  ],
  [
    'Tom needs to fix the flaky test by Wednesday.',
    [{ text: 'Fix the flaky test', owner: 'Tom', due: '2026-12-02' }],
  ],
  ['Priya should check the analytics events.', [{ text: 'Check the analytics events', owner: 'Priya' }]],
  [
    'Marcus is going to schedule the final round next week.',
    [{ text: 'Schedule the final round', owner: 'Marcus', due: '2026-11-30' }],
  ],
  [
    "Jamal's going to draft the migration plan by December 3rd.",
    [{ text: 'Draft the migration plan', owner: 'Jamal', due: '2026-12-03' }],
  ],
  [
    'Tom said he will rerun the benchmarks by Monday.',
    [{ text: 'Rerun the benchmarks', owner: 'Tom', due: '2026-11-30' }],
  ],
  [
    'Action item: Priya to update the runbook on the fifteenth.',
    [{ text: 'Update the runbook', owner: 'Priya', due: '2026-12-15' }],
  ],
  // Actions without a named owner.
  ['Action item: update the runbook by end of week.', [{ text: 'Update the runbook', due: '2026-11-27' }]],
  ['TODO: rotate the API keys by EOD.', [{ text: 'Rotate the API keys', due: '2026-11-25' }]],
  ['We should cut scope rather than slip the date.', [{ text: 'Cut scope rather than slip the date' }]],
  ["Let's schedule a retro for next Friday.", [{ text: 'Schedule a retro', due: '2026-12-04' }]],
  // Spoken forms: "gonna", "asked me to", "make sure to", a name that is not a weekday.
  [
    "Pete's gonna redo the measurements on Saturday.",
    [{ text: 'Redo the measurements', owner: 'Pete', due: '2026-11-28' }],
  ],
  ['Greta asked me to review her promotion packet.', [{ text: 'Review her promotion packet', owner: 'me' }]],
  [
    'Make sure to send the invoices to Acme by Wednesday.',
    [{ text: 'Send the invoices to Acme', owner: 'me', due: '2026-12-02' }],
  ],
  [
    "I'll write the postmortem by Monday and Yusuf is going to add alerts on the queue depth.",
    [
      { text: 'Write the postmortem', owner: 'me', due: '2026-11-30' },
      { text: 'Add alerts on the queue depth', owner: 'Yusuf' },
    ],
  ],
  // All-lowercase transcripts: a name is a word the dictionary does not know.
  [
    'basically hugo needs to fix the login redirect by tomorrow and i will pair with him on it',
    [
      { text: 'Fix the login redirect', owner: 'hugo', due: '2026-11-26' },
      { text: 'Pair with him on it', owner: 'me' },
    ],
  ],
  // An aside after a comma is not part of the action.
  ['I need to fix the login bug, which the client reported.', [{ text: 'Fix the login bug', owner: 'me' }]],
  // An action nobody owns yet.
  ['Somebody should read the lease before the 15th.', [{ text: 'Read the lease', due: '2026-12-15' }]],
  // Actions joined by "and", or listed after "note to self:".
  [
    'I need to update the project plan and tell the team by end of day.',
    [
      { text: 'Update the project plan', owner: 'me', due: '2026-11-25' },
      { text: 'Tell the team', owner: 'me', due: '2026-11-25' },
    ],
  ],
  [
    'Note to self: order the team swag, renew my passport, and, um, confirm the headcount by the 28th.',
    [
      { text: 'Order the team swag', owner: 'me' },
      { text: 'Renew my passport', owner: 'me' },
      { text: 'Confirm the headcount', owner: 'me', due: '2026-11-28' },
    ],
  ],
  // Two actions in one run-on sentence.
  [
    'I need to email the client by end of day and Sarah will book the room.',
    [
      { text: 'Email the client', owner: 'me', due: '2026-11-25' },
      { text: 'Book the room', owner: 'Sarah' },
    ],
  ],
  // Past facts, feelings, opinions and questions are not actions.
  ['I sent the report yesterday.', []],
  ['Sarah sent the deck on Monday.', []],
  ['I needed to restart the server twice last week.', []],
  ["I'll be honest, the deadline feels tight.", []],
  ['I feel really tired today.', []],
  ['I should have sent the invoice last week.', []],
  ['Should we move the standup?', []],
  ['It will take a while to migrate the data.', []],
  ['Sarah will be out next week.', []],
  ["We'll see how the deploy goes.", []],
  ['The deploy went out without problems and the error rate stayed flat.', []],
  ['Monday will be busy.', []],
  ['They agreed to the new pricing.', []],
  ["Honestly I don't think we should rewrite the billing service.", []],
  ["We'll figure it out.", []],
  ['Everyone will love the new design.', []],
  ['I want to remember how proud she looked.', []],
];

describe('actionItemsIn: labelled sentences', () => {
  it.each(LABELLED)('%s', (sentence, expected) => {
    expect(itemsOf(sentence)).toEqual(expected);
  });

  it('has at least 30 labelled examples, positive and negative', () => {
    expect(LABELLED.length).toBeGreaterThanOrEqual(30);
    expect(LABELLED.filter(([, items]) => items.length === 0).length).toBeGreaterThanOrEqual(10);
  });
});

describe('actionItemsIn: due dates of a memo recorded Wednesday 2026-11-25 10:00 UTC', () => {
  it.each([
    ['by Friday', '2026-11-27'],
    ['by Wednesday', '2026-12-02'],
    ['next Tuesday', '2026-12-01'],
    ['on the fifteenth', '2026-12-15'],
    ['by end of day', '2026-11-25'],
    ['by EOD', '2026-11-25'],
    ['by the end of the week', '2026-11-27'],
    ['tomorrow', '2026-11-26'],
    ['in two weeks', '2026-12-09'],
    ['by December 3rd', '2026-12-03'],
  ])('"send the deck %s" is due %s', (phrase, due) => {
    expect(itemsOf(`I need to send the deck ${phrase}.`)).toEqual([
      { text: 'Send the deck', owner: 'me', due },
    ]);
  });

  it('keeps a weekday that names a thing, not a date', () => {
    expect(itemsOf('I need to cancel the Thursday status meeting.')).toEqual([
      { text: 'Cancel the Thursday status meeting', owner: 'me' },
    ]);
  });
});

describe('actionItemsIn: a whole memo', () => {
  it('finds each action once, in order, and nothing in the small talk', () => {
    const sentences = [
      'Okay so quick recap of the Monday standup.',
      'Priya will finish the invoice export by Thursday.',
      'I need to review the rollback plan before Wednesday, and honestly I should have done it last week.',
      'Tom is going to update the runbook by end of week.',
      'Priya will finish the invoice export by Thursday.',
    ];
    expect(actionItemsIn(sentences, '2026-11-09T09:17:00Z')).toEqual([
      { text: 'Finish the invoice export', owner: 'Priya', due: '2026-11-12' },
      { text: 'Review the rollback plan', owner: 'me', due: '2026-11-11' },
      { text: 'Update the runbook', owner: 'Tom', due: '2026-11-13' },
    ]);
  });
});
