/**
 * Verbs whose doer names a product: "reminds you to water plants" → "…-reminder". Written as
 * `verb:doer` prose so the list stays compact.
 */
export const AGENT_NOUNS: ReadonlyMap<string, string> = new Map(
  `remind:reminder, track:tracker, plan:planner, find:finder, log:logger, split:splitter,
   schedule:scheduler, translate:translator, generate:generator, summarize:summarizer,
   summarise:summariser, organize:organizer, organise:organiser, count:counter, notify:notifier,
   match:matcher, recommend:recommender, scan:scanner, build:builder, convert:converter,
   calculate:calculator, record:recorder, detect:detector, sort:sorter, collect:collector,
   check:checker, manage:manager, analyze:analyzer, analyse:analyser, block:blocker,
   monitor:monitor, time:timer, swap:swapper, watch:watcher, alert:alerter, clean:cleaner,
   format:formatter, parse:parser, filter:filter, merge:merger, backup:backup, sync:syncer`
    .split(',')
    .map((pair) => pair.trim().split(':') as [string, string]),
);
