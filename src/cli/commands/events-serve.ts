import type { Command } from 'commander';
import { withEventDispatch } from '../../app/event-dispatch.js';
import { shutdownSignal, withApp, withConfigOptions } from '../app-options.js';

/**
 * `events serve`: the dispatching process of a deployment whose workers run with `--no-dispatch`:
 * relays events from the Redis transport into this bus and delivers them to rule targets until stopped.
 */
export function registerServe(events: Command): void {
  withConfigOptions(
    events
      .command('serve')
      .description('deliver events to rule targets until stopped (relaying them from --event-transport)'),
  ).action(async (opts: Record<string, unknown>) => {
    const signal = shutdownSignal();
    await withApp(opts, async (app) => {
      app.log.info(
        { transport: app.eventTransport ? app.config.eventTransport : 'direct' },
        'event dispatcher started',
      );
      await withEventDispatch(
        app,
        signal,
        () => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
      );
      app.log.info('event dispatcher stopped');
    });
  });
}
